import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../src/engine/engine';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('Compression in ~/.ssh/config (real sshd)', () => {
  let fleet: SshFleet;

  beforeAll(async () => {
    // At DEBUG1, sshd logs the algorithms each connection agreed on.
    fleet = await startSshFleet({ hosts: 2, logLevel: 'DEBUG1', sshdConfig: ['Compression yes'] });
    const lines = Array.from({ length: 2000 }, (_, i) => `2024-03-01T12:00:00Z INFO request ${i} served`);
    for (const host of fleet.hosts) writeFileSync(path.join(host.logDir, 'app.log'), `${lines.join('\n')}\n`);
    const config = path.join(fleet.home, '.ssh', 'config');
    // The first host's block asks for compression; the second host keeps ssh's default (none).
    const text = readFileSync(config, 'utf8').replace(
      `Host ${fleet.hosts[0].name}\n`,
      `Host ${fleet.hosts[0].name}\n  Compression yes\n`,
    );
    writeFileSync(config, text);
    mkdirSync(path.join(fleet.root, 'profiles'), { recursive: true });
    writeFileSync(
      path.join(fleet.root, 'profiles', 'zip.yaml'),
      stringify({
        name: 'zip',
        environments: [
          {
            name: 'test',
            hosts: fleet.hosts.map((h) => ({ name: h.name, address: h.name })),
            applications: [
              {
                name: 'shop',
                hosts: fleet.hosts.map((h) => h.name),
                logs: [{ path: path.join(fleet.viewDir, 'app.log') }],
              },
            ],
          },
        ],
      }),
    );
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it('asks for zlib where the config says Compression yes, and reads the same lines', async () => {
    const engine = new Engine({
      profilesDir: path.join(fleet.root, 'profiles'),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      backlogBytes: 1024 * 1024,
    });
    try {
      await engine.connect({ profileFile: 'zip.yaml', environment: 'test' });
      const total = await waitFor(
        async () => {
          const { total } = await engine.getStreamPage({ from: 0, count: 0 });
          return total >= 4000 ? total : null;
        },
        { what: 'both logs read' },
      );
      expect(total).toBe(4000);
      const agreed = (host: number) =>
        [
          ...readFileSync(fleet.hosts[host].sshdLog, 'utf8').matchAll(
            /server->client .* compression: (\S+)/g,
          ),
        ].map((m) => m[1]);
      expect(new Set(agreed(0))).toEqual(new Set(['zlib@openssh.com']));
      expect(new Set(agreed(1))).toEqual(new Set(['none']));
    } finally {
      engine.dispose();
    }
  });
});
