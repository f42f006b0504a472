import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../../src/engine/credentials/private-key';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A key written by ssh-keygen in the given format; returns the private key file and its public key blob. */
function keygen(name: string, args: string[], passphrase = ''): { data: Buffer; publicBlob: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-N', passphrase, '-C', name, '-f', file]);
  return { data: readFileSync(file), publicBlob: readFileSync(`${file}.pub`, 'utf8').split(' ')[1] };
}

const publicBlobOf = (key: ReturnType<typeof parsePrivateKey>) => {
  if (key instanceof Error) throw key;
  return key.getPublicSSH().toString('base64');
};

describe('parsePrivateKey', () => {
  it.each([
    ['RSA in PKCS#8', 'rsa-pkcs8', ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8']],
    ['ECDSA in PKCS#8', 'ecdsa-pkcs8', ['-t', 'ecdsa', '-m', 'PKCS8']],
    ['RSA in PEM', 'rsa-pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']],
    ['Ed25519 in OpenSSH format', 'ed25519', ['-t', 'ed25519']],
  ])('reads %s, giving the same public key as ssh-keygen', (_, name, args) => {
    const { data, publicBlob } = keygen(name, args);
    expect(publicBlobOf(parsePrivateKey(data))).toBe(publicBlob);
  });

  it('asks for the passphrase of an encrypted PKCS#8 key, refuses a wrong one, and reads it with the right one', () => {
    const { data, publicBlob } = keygen(
      'rsa-pkcs8-enc',
      ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8'],
      'correct horse',
    );
    expect(readFileSync(path.join(dir, 'rsa-pkcs8-enc'), 'utf8')).toMatch(
      /^-----BEGIN ENCRYPTED PRIVATE KEY-----/,
    );
    expect((parsePrivateKey(data) as Error).message).toMatch(/encrypted/);
    expect((parsePrivateKey(data, 'wrong') as Error).message).toMatch(/bad passphrase/);
    expect(publicBlobOf(parsePrivateKey(data, 'correct horse'))).toBe(publicBlob);
  });

  it('says what to do with a PKCS#8 key type the SSH library cannot use, and names garbage as such', () => {
    const ed25519 = Buffer.from(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    expect((parsePrivateKey(ed25519) as Error).message).toMatch(
      /PKCS#8 ed25519 keys are not supported: convert/,
    );
    const broken = Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect((parsePrivateKey(broken) as Error).message).toMatch(/unreadable PKCS#8 key/);
  });
});
