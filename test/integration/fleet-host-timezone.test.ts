import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../src/engine/engine';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)("stamps without an offset, read in the host's timezone (real sshd)", () => {
  let fleet: SshFleet;
  let profile: string;

  beforeAll(async () => {
    // The host's sessions run in Paris time, as a server set to local time does.
    fleet = await startSshFleet({ hosts: 1, sshdConfig: ['SetEnv TZ=Europe/Paris'] });
    const host = fleet.hosts[0];
    const winter = '2024-01-15 12:00:00,000 INFO winter line\n';
    const summer = '2024-07-01 12:00:00,000 INFO summer line\n';
    writeFileSync(path.join(host.logDir, 'app.log'), winter + summer);
    writeFileSync(path.join(host.logDir, 'pinned.log'), '2024-07-01 12:00:00,000 INFO pinned line\n');
    mkdirSync(path.join(fleet.root, 'profiles'), { recursive: true });
    profile = path.join(fleet.root, 'profiles', 'zones.yaml');
    const logs = [
      { path: path.join(fleet.viewDir, 'app.log') },
      { path: path.join(fleet.viewDir, 'pinned.log'), timezone: 'UTC' },
    ];
    writeFileSync(
      profile,
      stringify({
        name: 'zones',
        environments: [
          {
            name: 'test',
            hosts: [{ name: host.name, address: host.name }],
            applications: [{ name: 'checkout', hosts: [host.name], logs }],
          },
        ],
      }),
    );
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it("dates each line by the host's zone, summer time included, unless the profile names one", async () => {
    const engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
    });
    try {
      await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
      const rows = await waitFor(
        async () => {
          const page = await engine.getStreamPage({ from: 0, count: 10 });
          return page.rows.length >= 3 ? page.rows : null;
        },
        { what: 'the three lines' },
      );
      const tsOf = (text: string) => rows.find((row) => row.message.includes(text))?.ts;
      expect(tsOf('winter line')).toBe(Date.UTC(2024, 0, 15, 11));
      expect(tsOf('summer line')).toBe(Date.UTC(2024, 6, 1, 10));
      expect(tsOf('pinned line')).toBe(Date.UTC(2024, 6, 1, 12));
    } finally {
      engine.dispose();
    }
  });
});
