import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { StreamRow } from '../../src/shared/types';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/** Login shells that read quotes unlike sh: csh and tcsh expand `!` inside them, fish reads backslashes. */
const SHELLS: Record<string, string> = { 'tcsh-host': '/usr/bin/tcsh', 'fish-host': '/usr/bin/fish' };
const missing = Object.values(SHELLS).filter((shell) => !existsSync(shell));
if (missing.length > 0)
  console.warn(`[skip] not installed: ${missing.join(', ')} (Debian packages tcsh, fish)`);

/** A file name with a history expansion for csh, a backslash for fish and quotes for everyone. */
const HOSTILE_NAME = 'it\'s !1 \\ "x".log';

describe.runIf(harness.ok && missing.length === 0)('hosts whose login shell is not sh (real sshd)', () => {
  let fleet: SshFleet;
  let engine: Engine;

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: Object.keys(SHELLS), loginShells: SHELLS });
  });

  afterAll(async () => {
    engine?.dispose();
    await fleet?.stop();
  });

  it('tails a hostile file name and a glob with a "!" pattern, samples /proc and measures the clock', async () => {
    const now = Date.now();
    for (const host of fleet.hosts) {
      const stamp = (ms: number) => new Date(now - ms).toISOString();
      writeFileSync(
        path.join(host.logDir, HOSTILE_NAME),
        `${stamp(3000)} INFO ${host.name} hostile name\n${stamp(2900)} DEBUG ${host.name} filtered out\n`,
      );
      writeFileSync(path.join(host.logDir, 'b.json.log'), `${stamp(2000)} WARN ${host.name} from the glob\n`);
    }
    const profile = path.join(fleet.root, 'profiles', 'shells.yaml');
    const names = fleet.hosts.map((h) => h.name);
    mkdirSync(path.dirname(profile), { recursive: true });
    writeFileSync(
      profile,
      JSON.stringify({
        name: 'shells',
        environments: [
          {
            name: 'test',
            hosts: names.map((name) => ({ name, address: name })),
            applications: [
              {
                name: 'checkout',
                hosts: names,
                logs: [
                  { path: path.join(fleet.viewDir, HOSTILE_NAME), include: ['^(?!.* DEBUG )'] },
                  { path: path.join(fleet.viewDir, '*.json.log') },
                ],
              },
            ],
          },
        ],
      }),
    );
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      metricsIntervalSec: 1,
    });
    const diagnostics: string[] = [];
    engine.events.on('diagnostic', (d) => diagnostics.push(`${d.host}: ${d.message}`));
    await engine.connect({ profileFile: 'shells.yaml', environment: 'test' });

    const rows = await waitFor(
      async () => {
        const page = await engine.getStreamPage({ from: 0, count: 100 });
        const lines = page.rows.filter((r: StreamRow) => !r.marker);
        return lines.length >= 4 ? lines : null;
      },
      { what: 'two lines from each host', timeoutMs: 20_000 },
    );
    expect(rows.map((r) => `${r.host}: ${r.message.slice(25)}`).sort()).toEqual(
      names
        .flatMap((name) => [`${name}: INFO ${name} hostile name`, `${name}: WARN ${name} from the glob`])
        .sort(),
    );
    for (const host of names) {
      await waitFor(async () => (await engine.getHostMetrics({ host })).some((s) => s.cpuPercent !== null), {
        what: `a CPU sample from ${host}`,
        timeoutMs: 20_000,
      });
    }
    for (const status of (await engine.getSession())!.hosts) {
      expect(status.state).toBe('live');
      expect(Math.abs(status.clockOffsetMs!)).toBeLessThan(1000);
    }
    expect(diagnostics).toEqual([]);
  });
});
