import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers of ARCHITECTURE.md, enforced: each folder lists what it must never import.
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['src/shared/**'],
    [
      'node:*',
      'electron',
      'vue',
      'pinia',
      'ssh2',
      'ws',
      'keytar',
      '**/engine/**',
      '**/renderer/**',
      '**/main/**',
      '**/host/**',
      '**/cli/**',
      '**/preload/**',
    ],
    'src/shared is pure TypeScript: no platform, framework or other layer imports.',
  ),
  layer(
    ['src/engine/**'],
    ['electron', 'vue', 'pinia', '**/renderer/**', '**/main/**', '**/host/**', '**/cli/**', '**/preload/**'],
    'src/engine runs without Electron or Vue and knows no front end.',
  ),
  layer(
    ['src/renderer/**'],
    [
      'node:*',
      'electron',
      'ssh2',
      'ws',
      'keytar',
      '**/engine/**',
      '**/main/**',
      '**/host/**',
      '**/cli/**',
      '**/preload/**',
    ],
    'The renderer talks to the engine only through api.ts and shared types.',
  ),
  layer(
    ['src/main/**'],
    ['vue', 'pinia', '**/renderer/**', '**/host/**', '**/cli/**'],
    'Electron main is a thin adapter of the engine.',
  ),
  layer(
    ['src/host/**'],
    ['electron', 'vue', 'pinia', '**/renderer/**', '**/main/**', '**/cli/**', '**/preload/**'],
    'The headless host is a thin adapter of the engine.',
  ),
  layer(
    ['src/preload/**'],
    ['node:*', 'vue', 'pinia', '**/engine/**', '**/renderer/**', '**/main/**', '**/host/**', '**/cli/**'],
    'The preload exposes the contract and nothing else.',
  ),
);
