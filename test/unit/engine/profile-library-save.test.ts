import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { ProfileLibrary } from '../../../src/engine/profiles/profile-library';
import { parseRequestParams } from '../../../src/shared/api';

const VALID = `name: shop
environments:
  - name: production
    hosts:
      - name: web-1
        address: web-1.example.com
    applications:
      - name: checkout
        hosts: [web-1]
        logs:
          - path: /var/log/checkout.log
`;

describe('saving and reading profiles', () => {
  let root: string;
  let dir: string;
  let library: ProfileLibrary;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'wf-profiles-'));
    dir = path.join(root, 'profiles');
    library = new ProfileLibrary(dir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes a valid profile (creating the folder), reads it back and lists it', async () => {
    expect(await library.save('shop.yaml', VALID)).toEqual([]);
    expect(readFileSync(path.join(dir, 'shop.yaml'), 'utf8')).toBe(VALID);
    expect(await library.read('shop.yaml')).toBe(VALID);
    const [summary] = await library.list();
    expect(summary).toMatchObject({ file: 'shop.yaml', name: 'shop' });
    expect(summary.problems).toBeUndefined();
  });

  it('returns the problems with their lines and writes nothing when the text does not validate', async () => {
    const broken = VALID.replace('address: web-1.example.com', 'adress: web-1.example.com');
    const problems = await library.save('shop.yaml', broken);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'shop.yaml', line: 6, field: 'environments[0].hosts[0].adress' }),
    );
    expect(() => readdirSync(dir)).toThrow();
  });

  it('never writes a profile with a secret-named key, and keeps the previous version', async () => {
    await library.save('shop.yaml', VALID);
    const withSecret = VALID.replace(
      '        address: web-1.example.com',
      '        address: web-1\n        password: x',
    );
    const problems = await library.save('shop.yaml', withSecret);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 7, field: 'environments[0].hosts[0].password' });
    expect(readFileSync(path.join(dir, 'shop.yaml'), 'utf8')).toBe(VALID);
  });

  it('refuses names outside the folder or that are not YAML files', async () => {
    for (const name of ['../evil.yaml', '/tmp/evil.yaml', 'sub/evil.yaml', 'evil.txt', '..', '']) {
      await expect(library.save(name, VALID)).rejects.toThrow(/not a profile file name/);
      await expect(library.read(name)).rejects.toThrow(/not a profile file name/);
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('replaces atomically: no temporary file is left, and a symlink in place is replaced, not followed', async () => {
    await library.save('shop.yaml', VALID);
    const outside = path.join(root, 'outside.yaml');
    writeFileSync(outside, 'untouched\n');
    symlinkSync(outside, path.join(dir, 'linked.yaml'));
    await library.save('linked.yaml', VALID);
    await library.save('shop.yaml', VALID.replace('name: shop', 'name: shop2'));
    expect(readFileSync(outside, 'utf8')).toBe('untouched\n');
    expect(readdirSync(dir).sort()).toEqual(['linked.yaml', 'shop.yaml']);
    expect(await library.read('shop.yaml')).toContain('name: shop2');
  });

  it('with create, refuses to replace an existing file and leaves no temporary file', async () => {
    await library.save('shop.yaml', VALID);
    await expect(
      library.save('shop.yaml', VALID.replace('name: shop', 'name: other'), { create: true }),
    ).rejects.toThrow(/"shop.yaml" already exists/);
    expect(await library.read('shop.yaml')).toBe(VALID);
    expect(readdirSync(dir)).toEqual(['shop.yaml']);
    expect(await library.save('new.yaml', VALID, { create: true })).toEqual([]);
  });

  it('says which profile is missing when reading one that does not exist', async () => {
    await expect(library.read('nope.yaml')).rejects.toThrow(`no profile "nope.yaml" in ${dir}`);
  });

  it('is reachable through the engine contract, parameters checked', async () => {
    const engine = new Engine({ profilesDir: dir, home: root, metricsIntervalSec: 0 });
    try {
      expect(await engine.saveProfile({ file: 'shop.yaml', text: VALID })).toEqual({ problems: [] });
      expect(await engine.readProfile({ file: 'shop.yaml' })).toEqual({ text: VALID });
      expect(() => parseRequestParams('saveProfile', { file: '../shop.yaml', text: VALID })).toThrow(
        /file: must be a .yaml file name/,
      );
    } finally {
      engine.dispose();
    }
  });
});
