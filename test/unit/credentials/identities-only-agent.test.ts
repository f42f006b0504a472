import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identityPublicKeys } from '../../../src/engine/credentials/identities-only-agent';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-identities-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keygen(name: string, passphrase = ''): { file: string; blob: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file]);
  return { file, blob: readFileSync(`${file}.pub`, 'utf8').split(' ')[1] };
}

describe('identityPublicKeys', () => {
  it('takes the .pub beside each file, else an unencrypted private key, and leaves out what it cannot read', async () => {
    const withPub = keygen('with_pub', 'secret');
    const noPub = keygen('no_pub');
    rmSync(`${noPub.file}.pub`);
    const encryptedNoPub = keygen('encrypted_no_pub', 'secret');
    rmSync(`${encryptedNoPub.file}.pub`);
    const blobs = await identityPublicKeys([
      withPub.file,
      noPub.file,
      encryptedNoPub.file,
      path.join(dir, 'missing'),
    ]);
    expect([...blobs].sort()).toEqual([withPub.blob, noPub.blob].sort());
  });
});
