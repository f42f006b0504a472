import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { profileSchema, SECRET_KEY_PATTERN, type Profile } from './profile-schema';

export interface ProfileProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `environments[0].hosts[1].port`. */
  field: string;
  message: string;
}

export type ProfileParseResult = { ok: true; profile: Profile } | { ok: false; problems: ProfileProblem[] };

/** `file:line:column: field: message`, the form editors and terminals turn into links. */
export function formatProfileProblem(p: ProfileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Parses and validates a profile's YAML text; every problem names the file, line, column and field. */
export function parseProfileText(text: string, file: string): ProfileParseResult {
  const lineCounter = new LineCounter();
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    const message = 'is not a text file (it holds a NUL byte): a profile is YAML text';
    return { ok: false, problems: [{ file, line, column: 1, field: '', message }] };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((err) => ({
        file,
        ...at(err.pos[0]),
        field: '',
        message: `YAML syntax: ${err.message.split('\n')[0]}`,
      })),
    };
  }

  const secretProblems = findSecretKeys(doc.contents, [], file, at);
  if (secretProblems.length > 0) return { ok: false, problems: secretProblems };

  let value: unknown;
  try {
    // Aliases are expanded here, within the library's limit (a few nested aliases can expand to millions).
    value = doc.toJS();
  } catch (err) {
    return {
      ok: false,
      problems: [{ file, line: 1, column: 1, field: '', message: `YAML: ${(err as Error).message}` }],
    };
  }
  // reportInput lets a wrong type ("22" for a port) be told apart from a missing field.
  const result = profileSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, profile: result.data };

  // Each unknown field is reported at its own key, so the line points at it rather than at its parent.
  const issues = result.error.issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ ...issue, keys: [key], path: [...issue.path, key] }))
      : [issue],
  );
  return {
    ok: false,
    problems: issues.map((issue) => {
      const node = nearestNode(doc.contents, issue.path);
      return {
        file,
        ...at(node?.range?.[0] ?? 0),
        field: formatFieldPath(issue.path),
        message: describeIssue(issue),
      };
    }),
  };
}

function findSecretKeys(
  node: unknown,
  path: (string | number)[],
  file: string,
  at: (offset: number) => { line: number; column: number },
): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyPath = [...path, key];
      if (SECRET_KEY_PATTERN.test(key)) {
        problems.push({
          file,
          ...at((pair.key as YamlNode | null)?.range?.[0] ?? 0),
          field: formatFieldPath(keyPath),
          message:
            `"${key}" looks like a secret, and profiles never hold secrets (they are shared and committed). ` +
            'Remove it: Watchfloor uses your ssh-agent and keys, and asks for passphrases or passwords ' +
            'when it connects, keeping them in the OS keychain if you choose.',
        });
      }
      problems.push(...findSecretKeys(pair.value, keyPath, file, at));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => problems.push(...findSecretKeys(item, [...path, i], file, at)));
  }
  return problems;
}

/** The deepest YAML node along an issue's path (a missing field points at its parent). */
function nearestNode(root: unknown, path: readonly PropertyKey[]): YamlNode | null {
  let node: unknown = root;
  let found: YamlNode | null = (root as YamlNode | null) ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
      if (!pair.value) {
        found = pair.key as YamlNode;
        break;
      }
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      break;
    }
    if (node && typeof node === 'object' && 'range' in node) found = node as YamlNode;
  }
  return found;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      if (issue.path.length === 0)
        return 'a profile is a YAML mapping with "name" and "environments" (see the README for an example)';
      return issue.input === undefined
        ? `is required (${describeType(issue.expected)})`
        : `must be ${describeType(issue.expected)}`;
    default:
      return issue.message;
  }
}

/** Types as a profile's author knows them in YAML. */
function describeType(expected: string): string {
  const words: Record<string, string> = {
    object: 'a mapping (key: value lines)',
    array: 'a list',
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
  };
  return words[expected] ?? `a ${expected}`;
}
