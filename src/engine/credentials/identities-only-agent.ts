import { readFile } from 'node:fs/promises';
import { OpenSSHAgent, utils, type IdentityCallback, type ParsedKey } from 'ssh2';
import { parsePrivateKey } from './private-key';

/**
 * The agent as ssh uses it under `IdentitiesOnly yes`: only the keys of the configured identity files,
 * however many others it holds. Each key offered and refused counts against the server's MaxAuthTries
 * (6 by default), so an agent full of other keys would end the login before the right one is tried.
 */
export class IdentitiesOnlyAgent extends OpenSSHAgent {
  constructor(
    socketPath: string,
    private readonly allowed: ReadonlySet<string>,
  ) {
    super(socketPath);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((err, keys) => {
      if (err) return cb(err);
      // The OpenSSH agent answers with parsed keys; anything else cannot be matched and is held back.
      cb(
        undefined,
        (keys ?? []).filter(
          (key): key is ParsedKey => 'getPublicSSH' in key && this.allowed.has(publicBlob(key)),
        ),
      );
    });
  }
}

/**
 * The public keys of identity files, as ssh finds them: the `.pub` file beside each, else the private
 * key when it is not encrypted. Files missing or unreadable are left out.
 */
export async function identityPublicKeys(paths: readonly string[]): Promise<Set<string>> {
  const blobs = new Set<string>();
  for (const path of paths) {
    const pub = await readFile(`${path}.pub`).catch(() => null);
    const parsedPub = pub === null ? null : utils.parseKey(pub);
    if (parsedPub !== null && !(parsedPub instanceof Error)) {
      blobs.add(publicBlob(Array.isArray(parsedPub) ? parsedPub[0] : parsedPub));
      continue;
    }
    const data = await readFile(path).catch(() => null);
    const key = data === null ? null : parsePrivateKey(data);
    if (key !== null && !(key instanceof Error)) blobs.add(publicBlob(key));
  }
  return blobs;
}

function publicBlob(key: ParsedKey): string {
  return key.getPublicSSH().toString('base64');
}
