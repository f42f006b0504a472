import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { snapshotCommand } from '../../src/cli/commands/snapshot';
import { ENTRY } from '../../src/engine/snapshots/snapshot-format';
import { SnapshotReader } from '../../src/engine/snapshots/snapshot-reader';
import { verifySnapshot } from '../../src/engine/snapshots/snapshot-verify';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { unzipFile } from '../unit/snapshots/snapshot-files';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

const SECRET = 'ghp_FleetCanary0123456789abcdefghijklmnopq';

describe.runIf(harness.ok)('`watchfloor snapshot create` against three real sshd hosts', () => {
  let fleet: SshFleet;
  let profile: string;
  let writers: LogWriter[];

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    profile = writeFleetProfile(fleet);
    writers = fleet.hosts.map((h) => {
      const line = isoLine(h.name);
      return new LogWriter(path.join(h.logDir, 'app.log'), {
        rate: 40,
        line: (seq, now) => (seq % 10 === 5 ? `${line(seq, now)} token=${SECRET}` : line(seq, now)),
      }).start();
    });
  });

  afterAll(async () => {
    await Promise.all((writers ?? []).map((w) => w.stop()));
    await fleet?.stop();
  });

  it('collects for --duration, exports a snapshot that verifies, with the secret redacted', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = new PassThrough().on('data', (c) => out.push(String(c)));
    const stderr = new PassThrough().on('data', (c) => err.push(String(c)));
    const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: fleet.env(), cwd: fleet.root };
    const file = path.join(fleet.root, 'incident.wfsnap');

    const code = await snapshotCommand.run(
      ['create', profile, '--duration', '3', '-o', file, '--mask-hosts'],
      io,
    );
    expect(code, err.join('')).toBe(0);
    expect(err.join('')).toContain('3 of 3 host(s) live');

    const { manifest } = await verifySnapshot(file);
    expect(manifest.hosts).toEqual(['web-1', 'web-2', 'web-3']);
    expect(manifest.counts.lines).toBeGreaterThan(100);
    expect(manifest.redactions['github-token']).toBeGreaterThan(0);
    expect(manifest.profile.hostAddressesMasked).toBe(true);

    const reader = await SnapshotReader.open(file);
    const events = [];
    for await (const page of reader.events()) events.push(...page);
    expect(new Set(events.map((e) => e.host))).toEqual(new Set(['web-1', 'web-2', 'web-3']));
    for (let i = 1; i < events.length; i++) expect(events[i].ts).toBeGreaterThanOrEqual(events[i - 1].ts);
    expect(events.some((e) => e.message.includes('token=[REDACTED:github-token]'))).toBe(true);

    for (const [name, bytes] of Object.entries(unzipFile(file))) {
      expect(Buffer.from(bytes).toString('latin1').includes(SECRET), name).toBe(false);
    }
    const report = Buffer.from(unzipFile(file)[ENTRY.report]).toString('utf8');
    expect(report).toContain('data-testid="heatmap"');
  });
});
