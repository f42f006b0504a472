import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import type { RemoteExec } from '../../src/engine/actions/action-plugin';
import { TEST_USER, type SshFleet } from './ssh-fleet';

export interface SshExecPool {
  /** Runs a command on a fleet host by name, over one real SSH connection per host. */
  exec: RemoteExec;
  close(): void;
}

/**
 * Real SSH connections to the fleet's sshd hosts (key from the fleet, host keys checked against the
 * fleet's), exposed as the `(host, command) => channel` function the action plugins take.
 */
export async function connectFleetExec(fleet: SshFleet): Promise<SshExecPool> {
  const privateKey = readFileSync(fleet.clientKeyFile);
  const clients = new Map<string, Client>();
  await Promise.all(
    fleet.hosts.map(
      (host) =>
        new Promise<void>((resolve, reject) => {
          const client = new Client();
          const expected = Buffer.from(host.hostPublicKey.split(' ')[1], 'base64');
          client
            .once('ready', () => {
              clients.set(host.name, client);
              resolve();
            })
            .once('error', reject)
            .connect({
              host: host.address,
              port: host.port,
              username: TEST_USER,
              privateKey,
              hostVerifier: (key: Buffer) => key.equals(expected),
            });
        }),
    ),
  );
  return {
    exec: (host, command) => {
      const client = clients.get(host);
      if (!client) return Promise.reject(new Error(`no test host named ${host}`));
      return new Promise((resolve, reject) =>
        client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel))),
      );
    },
    close() {
      for (const client of clients.values()) client.end();
    },
  };
}
