import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintSha256, keyType } from '../../../src/engine/fleet/host-key-fingerprint';
import { KnownHosts } from '../../../src/engine/fleet/known-hosts';

interface TestKey {
  type: string;
  blob: Buffer;
  /** `type base64` as it appears in a .pub file and in known_hosts. */
  text: string;
  pubFile: string;
}

let dir: string;
const keys: Record<string, TestKey> = {};

function generateKey(name: string, args: string[]): TestKey {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', `${name}@test`, '-f', file]);
  const pubFile = `${file}.pub`;
  const [type, base64] = execFileSync('cat', [pubFile]).toString().trim().split(' ');
  return { type, blob: Buffer.from(base64, 'base64'), text: `${type} ${base64}`, pubFile };
}

/** The line numbers ssh-keygen -F reports for a host, OpenSSH's own view of which entries match. */
function linesFoundByOpenSsh(file: string, hostPort: string): number[] {
  try {
    const output = execFileSync('ssh-keygen', ['-F', hostPort, '-f', file]).toString();
    return [...output.matchAll(/found: line (\d+)/g)].map((match) => Number(match[1]));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'known-hosts-'));
  keys.ed25519 = generateKey('ed25519', ['-t', 'ed25519']);
  keys.ed25519b = generateKey('ed25519b', ['-t', 'ed25519']);
  keys.rsa = generateKey('rsa', ['-t', 'rsa', '-b', '2048']);
  keys.ecdsa = generateKey('ecdsa', ['-t', 'ecdsa', '-b', '256']);
  keys.ecdsa384 = generateKey('ecdsa384', ['-t', 'ecdsa', '-b', '384']);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('host key fingerprints', () => {
  it('prints SHA256 fingerprints exactly as ssh-keygen -l does, for ed25519, rsa and ecdsa keys', () => {
    for (const key of Object.values(keys)) {
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', key.pubFile]).toString();
      expect(printed.split(' ')[1]).toBe(fingerprintSha256(key.blob));
    }
  });

  it('reads the algorithm name from the key blob', () => {
    expect(keyType(keys.ed25519.blob)).toBe('ssh-ed25519');
    expect(keyType(keys.rsa.blob)).toBe('ssh-rsa');
    expect(keyType(keys.ecdsa.blob)).toBe('ecdsa-sha2-nistp256');
    expect(keyType(keys.ecdsa384.blob)).toBe('ecdsa-sha2-nistp384');
  });

  it('rejects a blob that is not an SSH public key', () => {
    expect(() => keyType(Buffer.from([0, 0]))).toThrow(/too short/);
    expect(() => keyType(Buffer.from([0, 0, 1, 0, 65]))).toThrow(/invalid algorithm name length/);
  });
});

describe('KnownHosts.check', () => {
  it('knows a plain host only on port 22 and a [host]:port entry only on that port', () => {
    const knownHosts = KnownHosts.parse(
      `web1.example.com ${keys.ed25519.text}\n[web2.example.com]:2222 ${keys.ed25519.text}\n`,
      'kh',
    );
    expect(knownHosts.check('web1.example.com', 22, keys.ed25519.blob)).toEqual({
      kind: 'known',
      file: 'kh',
      line: 1,
    });
    expect(knownHosts.check('web1.example.com', 2222, keys.ed25519.blob).kind).toBe('unknown');
    expect(knownHosts.check('web2.example.com', 2222, keys.ed25519.blob)).toMatchObject({
      kind: 'known',
      line: 2,
    });
    expect(knownHosts.check('web2.example.com', 22, keys.ed25519.blob).kind).toBe('unknown');
  });

  it('matches wildcards, negations, comma lists and case the way ssh-keygen -F does', async () => {
    const file = join(dir, 'patterns_known_hosts');
    const text = [
      '# fleet',
      `web*.example.com,!web9.example.com ${keys.ed25519.text}`,
      '',
      `db?.example.com,10.0.0.5 ${keys.ed25519.text}`,
      `[cache*.example.com]:6022 ${keys.ed25519.text}`,
      `[CI.Example.COM]:2200,ci.example.com ${keys.ed25519.text}`,
      `* ${keys.rsa.text}`,
    ].join('\n');
    await writeFile(file, text);
    const knownHosts = KnownHosts.parse(text, file);
    const queries: [string, number][] = [
      ['web1.example.com', 22],
      ['WEB1.example.com', 22],
      ['web9.example.com', 22],
      ['web1.example.com', 2222],
      ['db1.example.com', 22],
      ['db12.example.com', 22],
      ['db.example.com', 22],
      ['10.0.0.5', 22],
      ['cache-a.example.com', 6022],
      ['cache-a.example.com', 22],
      ['ci.example.com', 2200],
      ['ci.example.com', 22],
      ['other.example.com', 22],
    ];
    for (const [host, port] of queries) {
      const hostPort = port === 22 ? host : `[${host}]:${port}`;
      const expected = linesFoundByOpenSsh(file, hostPort).filter((line) => line !== 7);
      const verdict = knownHosts.check(host, port, keys.ed25519.blob);
      const found = verdict.kind === 'known' ? [verdict.line] : [];
      expect({ hostPort, found }).toEqual({ hostPort, found: expected.slice(0, 1) });
    }
  });

  it('matches hashed entries written by ssh-keygen -H, including [host]:port ones', async () => {
    const file = join(dir, 'hashed_known_hosts');
    await writeFile(
      file,
      `web1.example.com ${keys.ed25519.text}\n[web2.example.com]:2222 ${keys.ecdsa.text}\n`,
    );
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('example.com');

    const knownHosts = KnownHosts.parse(text, file);
    expect(knownHosts.problems).toEqual([]);
    expect(knownHosts.check('web1.example.com', 22, keys.ed25519.blob)).toMatchObject({
      kind: 'known',
      line: 1,
    });
    expect(knownHosts.check('WEB1.example.com', 22, keys.ed25519.blob)).toMatchObject({
      kind: 'known',
      line: 1,
    });
    expect(knownHosts.check('web2.example.com', 2222, keys.ecdsa.blob)).toMatchObject({
      kind: 'known',
      line: 2,
    });
    expect(knownHosts.check('web2.example.com', 22, keys.ecdsa.blob).kind).toBe('unknown');
    expect(knownHosts.check('web3.example.com', 22, keys.ed25519.blob).kind).toBe('unknown');
  });

  it('reports a changed key with every recorded key of that type for the host', () => {
    const text = `web1 ${keys.ed25519.text}\nweb1,web2 ${keys.rsa.text}\nweb* ${keys.ed25519.text}\n`;
    const verdict = KnownHosts.parse(text, 'kh').check('web1', 22, keys.ed25519b.blob);
    expect(verdict).toEqual({
      kind: 'changed',
      fingerprint: fingerprintSha256(keys.ed25519b.blob),
      keyType: 'ssh-ed25519',
      expected: [
        { fingerprint: fingerprintSha256(keys.ed25519.blob), keyType: 'ssh-ed25519', file: 'kh', line: 1 },
        { fingerprint: fingerprintSha256(keys.ed25519.blob), keyType: 'ssh-ed25519', file: 'kh', line: 3 },
      ],
    });
  });

  it('treats an ECDSA key on another curve as a changed ECDSA key, as ssh does', () => {
    const knownHosts = KnownHosts.parse(`web1 ${keys.ecdsa.text}\n`, 'kh');
    expect(knownHosts.check('web1', 22, keys.ecdsa384.blob).kind).toBe('changed');
  });

  it('calls a key of a type not yet recorded unknown, and lists the recorded types', () => {
    const knownHosts = KnownHosts.parse(`web1 ${keys.rsa.text}\n`, 'kh');
    expect(knownHosts.check('web1', 22, keys.ed25519.blob)).toEqual({
      kind: 'unknown',
      fingerprint: fingerprintSha256(keys.ed25519.blob),
      keyType: 'ssh-ed25519',
      otherTypes: [
        { fingerprint: fingerprintSha256(keys.rsa.blob), keyType: 'ssh-rsa', file: 'kh', line: 1 },
      ],
    });
    expect(knownHosts.check('web2', 22, keys.ed25519.blob)).toMatchObject({
      kind: 'unknown',
      otherTypes: [],
    });
  });

  it('refuses a revoked key even when another line, earlier or in another file, lists it as known', () => {
    const knownHosts = KnownHosts.parse(`web1 ${keys.ed25519.text}\n@revoked * ${keys.ed25519.text}\n`, 'kh');
    expect(knownHosts.check('web1', 22, keys.ed25519.blob)).toEqual({
      kind: 'revoked',
      fingerprint: fingerprintSha256(keys.ed25519.blob),
      file: 'kh',
      line: 2,
    });
    expect(knownHosts.check('web7', 2200, keys.ed25519.blob).kind).toBe('revoked');
    expect(knownHosts.check('web1', 22, keys.rsa.blob).kind).toBe('unknown');
  });

  it('never accepts a plain key because of a @cert-authority line, and exposes the authorities', () => {
    const knownHosts = KnownHosts.parse(`@cert-authority *.example.com ${keys.ed25519.text}\n`, 'kh');
    expect(knownHosts.check('web1.example.com', 22, keys.ed25519.blob)).toMatchObject({
      kind: 'unknown',
      otherTypes: [],
    });
    expect(knownHosts.certAuthorities('web1.example.com', 22)).toEqual([
      {
        fingerprint: fingerprintSha256(keys.ed25519.blob),
        keyType: 'ssh-ed25519',
        file: 'kh',
        line: 1,
        keyBlob: keys.ed25519.blob,
      },
    ]);
    expect(knownHosts.certAuthorities('web1.example.org', 22)).toEqual([]);
  });

  it('skips comments and blank lines, and reports malformed lines with file and line', () => {
    const text = [
      '# comment',
      '   ',
      'lonely-host',
      `@bogus web1 ${keys.ed25519.text}`,
      'web1 ssh-ed25519 not*base64',
      `web1 ssh-rsa ${keys.ed25519.text.split(' ')[1]}`,
      '|1|c2FsdA==|aGFzaA== ssh-ed25519 AAAA',
      'web1 1024 35 12345',
      `web1 ${keys.ed25519.text} a comment`,
    ].join('\r\n');
    const knownHosts = KnownHosts.parse(text, '/home/op/.ssh/known_hosts');
    expect(knownHosts.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(knownHosts.problems[0]).toEqual({
      file: '/home/op/.ssh/known_hosts',
      line: 3,
      message: 'missing host names or key',
    });
    expect(knownHosts.problems[3].message).toMatch(/ssh-rsa does not match the key data \(ssh-ed25519\)/);
    expect(knownHosts.check('web1', 22, keys.ed25519.blob)).toMatchObject({ kind: 'known', line: 9 });
  });
});

describe('KnownHosts.load', () => {
  it('reads several files in order, treating a missing one as empty', async () => {
    const user = join(dir, 'load_user');
    const global = join(dir, 'load_global');
    await writeFile(user, `web1 ${keys.rsa.text}\n`);
    await writeFile(global, `# global\nweb1 ${keys.ed25519.text}\n`);
    const knownHosts = await KnownHosts.load([join(dir, 'missing'), user, global]);
    expect(knownHosts.check('web1', 22, keys.ed25519.blob)).toEqual({ kind: 'known', file: global, line: 2 });
    expect(knownHosts.check('web1', 22, keys.rsa.blob)).toEqual({ kind: 'known', file: user, line: 1 });
  });

  it('names the file it cannot read', async () => {
    const notAFile = join(dir, 'a-directory');
    await mkdir(notAFile, { recursive: true });
    await expect(KnownHosts.load([notAFile])).rejects.toThrow(`Cannot read known_hosts file ${notAFile}`);
  });
});

describe('KnownHosts.add', () => {
  it('creates the directory (0700) and file (0600) and writes lines ssh-keygen -F finds', async () => {
    const sshDir = join(dir, 'home-add', '.ssh');
    const file = join(sshDir, 'known_hosts');
    const knownHosts = await KnownHosts.load([file]);
    await knownHosts.add(file, 'Web1.example.com', 22, keys.ed25519.blob);
    await knownHosts.add(file, 'web2.example.com', 2222, keys.rsa.blob);

    expect((await stat(sshDir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(
      `web1.example.com ${keys.ed25519.text}\n[web2.example.com]:2222 ${keys.rsa.text}\n`,
    );
    expect(linesFoundByOpenSsh(file, 'web1.example.com')).toEqual([1]);
    expect(linesFoundByOpenSsh(file, '[web2.example.com]:2222')).toEqual([2]);
    expect(knownHosts.check('web1.example.com', 22, keys.ed25519.blob)).toEqual({
      kind: 'known',
      file,
      line: 1,
    });
    expect(knownHosts.check('web2.example.com', 2222, keys.rsa.blob)).toEqual({
      kind: 'known',
      file,
      line: 2,
    });
  });

  it('writes hashed host names that ssh-keygen -F matches and a reload still knows', async () => {
    const file = join(dir, 'hashed_add_known_hosts');
    await writeFile(file, `# no trailing newline\nweb0 ${keys.rsa.text}`);
    const knownHosts = await KnownHosts.load([file]);
    await knownHosts.add(file, 'web1.example.com', 22, keys.ed25519.blob, { hash: true });
    await knownHosts.add(file, 'web2.example.com', 2022, keys.ecdsa.blob, { hash: true });

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('example.com');
    expect(text.split('\n')[2]).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    expect(linesFoundByOpenSsh(file, 'web1.example.com')).toEqual([3]);
    expect(linesFoundByOpenSsh(file, '[web2.example.com]:2022')).toEqual([4]);
    expect(knownHosts.check('web1.example.com', 22, keys.ed25519.blob)).toEqual({
      kind: 'known',
      file,
      line: 3,
    });

    const reloaded = await KnownHosts.load([file]);
    expect(reloaded.problems).toEqual([]);
    expect(reloaded.check('web2.example.com', 2022, keys.ecdsa.blob)).toEqual({
      kind: 'known',
      file,
      line: 4,
    });
  });
});
