import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { SshFleet } from './ssh-fleet';

/** Writes a profile for a test fleet: one environment, one application tailing the given files on every host. */
export function writeFleetProfile(
  fleet: SshFleet,
  options: { name?: string; files?: string[]; app?: string; environment?: string; dir?: string } = {},
): string {
  const dir = options.dir ?? path.join(fleet.root, 'profiles');
  const file = path.join(dir, `${options.name ?? 'fleet'}.yaml`);
  const profile = {
    name: options.name ?? 'fleet',
    environments: [
      {
        name: options.environment ?? 'test',
        hosts: fleet.hosts.map((h) => ({ name: h.name, address: h.name })),
        applications: [
          {
            name: options.app ?? 'checkout',
            hosts: fleet.hosts.map((h) => h.name),
            logs: (options.files ?? ['app.log']).map((f) => ({
              path: path.join(fleet.viewDir, f),
              format: 'auto',
            })),
          },
        ],
      },
    ],
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, stringify(profile));
  return file;
}
