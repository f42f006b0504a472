import { createPrivateKey, type KeyObject } from 'node:crypto';
import { utils, type ParsedKey } from 'ssh2';

const PKCS8 = /-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads a private key file as ssh does: OpenSSH, PEM (PKCS#1, SEC1) and PPK through the SSH library, and
 * PKCS#8 (`BEGIN PRIVATE KEY`, `BEGIN ENCRYPTED PRIVATE KEY`: what `ssh-keygen -m PKCS8`, openssl and
 * many key tools write), which that library does not read, converted in memory to the PEM it reads.
 * An Error when the key cannot be used; its message says "encrypted" when a passphrase would help.
 */
export function parsePrivateKey(data: Buffer, passphrase?: string): ParsedKey | Error {
  const text = data.toString('latin1');
  const pkcs8 = PKCS8.exec(text);
  if (pkcs8 === null) {
    const parsed = utils.parseKey(data, passphrase);
    return Array.isArray(parsed) ? parsed[0] : parsed;
  }
  if (pkcs8[1] && passphrase === undefined) return new Error('encrypted PKCS#8 key: a passphrase is needed');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', passphrase });
  } catch (err) {
    return new Error(
      pkcs8[1]
        ? 'bad passphrase for the encrypted PKCS#8 key'
        : `unreadable PKCS#8 key: ${(err as Error).message}`,
    );
  }
  const pem = sshReadablePem(key);
  if (pem === null) {
    return new Error(
      `PKCS#8 ${key.asymmetricKeyType} keys are not supported: convert the file with ssh-keygen -p -f FILE`,
    );
  }
  const parsed = utils.parseKey(pem);
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

function sshReadablePem(key: KeyObject): string | null {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return key.export({ type: 'pkcs1', format: 'pem' }).toString();
    case 'ec':
      return key.export({ type: 'sec1', format: 'pem' }).toString();
    default:
      return null;
  }
}
