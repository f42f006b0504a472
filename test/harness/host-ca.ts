import { run } from './processes';

/** Signs a host's public key file with a certificate authority (ssh-keygen -s -h), writing `<key>-cert.pub`. */
export async function certifyHostKey(
  ca: string,
  publicKeyFile: string,
  id: string,
  principals: string,
): Promise<void> {
  await run('ssh-keygen', ['-q', '-s', ca, '-h', '-I', id, '-n', principals, publicKeyFile]);
}
