import { createHash } from 'node:crypto';

/** The fingerprint exactly as `ssh-keygen -l` and ssh's host key prompts print it. */
export function fingerprintSha256(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The algorithm name at the start of an SSH wire-format public key, e.g. 'ssh-ed25519'. */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error(`Public key blob of ${keyBlob.length} bytes is too short`);
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) {
    throw new Error(`Public key blob has an invalid algorithm name length (${length})`);
  }
  const name = keyBlob.toString('latin1', 4, 4 + length);
  if (!/^[\x21-\x7e]+$/.test(name)) throw new Error('Public key blob has a non-printable algorithm name');
  return name;
}
