import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { StreamDelta } from '../../src/shared/api';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('a merged tail of three real sshd hosts', () => {
  let fleet: SshFleet;
  let profile: string;
  let writers: LogWriter[];

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    profile = writeFleetProfile(fleet);
    writers = fleet.hosts.map((h) =>
      new LogWriter(path.join(h.logDir, 'app.log'), { rate: 50, line: isoLine(h.name) }).start(),
    );
  });

  afterAll(async () => {
    await Promise.all((writers ?? []).map((w) => w.stop()));
    await fleet?.stop();
  });

  it('brings every host live and merges their lines in time order', async () => {
    const engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
    });
    const deltas: StreamDelta[] = [];
    engine.events.on('streamDelta', (delta) => deltas.push(delta));
    try {
      await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
      await waitFor(async () => (await engine.getSession())?.hosts.every((h) => h.state === 'live'), {
        what: 'all hosts live',
      });
      await waitFor(
        async () => {
          const page = await engine.getStreamPage({ from: 0, count: 10_000 });
          return new Set(page.rows.map((r) => r.host)).size === 3 && page.total >= 30;
        },
        { what: 'lines from all three hosts' },
      );
      const { rows } = await engine.getStreamPage({ from: 0, count: 10_000 });
      for (let i = 1; i < rows.length; i++) expect(rows[i].ts).toBeGreaterThanOrEqual(rows[i - 1].ts);
      expect(rows.every((r) => r.app === 'checkout' && r.level === 'info')).toBe(true);
      expect(rows[0].message).toMatch(/request handled seq=\d+/);

      // Each delta carries the changed rows among the newest, ending with the newest row, so a view
      // following the stream has them without asking.
      await waitFor(() => deltas.some((d) => d.newest !== undefined && d.newest.length > 0), {
        what: 'a delta carrying rows',
      });
      const carrying = deltas.filter((d) => d.newest !== undefined && d.newest.length > 0);
      for (const delta of carrying) {
        const indexes = delta.newest!.map((r) => r.index);
        expect(indexes.at(-1)).toBe(delta.total - 1);
        expect(indexes.length).toBeLessThanOrEqual(128);
        expect(indexes[0]).toBeGreaterThanOrEqual(delta.firstChanged! - delta.evicted);
        indexes.forEach((index, i) => expect(index).toBe(indexes[0] + i));
      }
    } finally {
      engine.dispose();
    }
  });

  it('`watchfloor tail --ndjson` prints one time-ordered stream of all three hosts, and diagnostics on stderr', async () => {
    const bin = path.resolve(__dirname, '../../bin/watchfloor.js');
    const sshConfig = path.join(fleet.home, '.ssh', 'config');
    const config = readFileSync(sshConfig, 'utf8');
    appendFileSync(sshConfig, '\nHost web-2\n  VerifyHostKeyDNS yes\n');
    const child = spawn(process.execPath, [bin, 'tail', profile, '--duration', '3', '--ndjson'], {
      env: fleet.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve)).finally(() =>
      writeFileSync(sshConfig, config),
    );
    expect(code, err).toBe(0);
    expect(err).toMatch(/^web-2: \S+ line \d+: VerifyHostKeyDNS is not applied/m);
    expect(err).not.toMatch(/^web-[13]: /m);
    const events = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(new Set(events.map((e) => e.host))).toEqual(new Set(['web-1', 'web-2', 'web-3']));
    for (const e of events)
      expect(Object.keys(e).sort()).toEqual(['app', 'host', 'level', 'message', 'source', 'ts']);
    for (let i = 1; i < events.length; i++) expect(events[i].ts).toBeGreaterThanOrEqual(events[i - 1].ts);
    expect(err).toContain('3 of 3 host(s) live');
  });

  it('`watchfloor tail` exits non-zero with a clear message when no host can be reached', async () => {
    await Promise.all(fleet.hosts.map((h) => h.stopSshd()));
    try {
      const bin = path.resolve(__dirname, '../../bin/watchfloor.js');
      const child = spawn(process.execPath, [bin, 'tail', profile, '--duration', '1'], {
        env: fleet.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(code).toBe(1);
      expect(err).toMatch(/Connection refused by 127\.0\.1\.\d+:\d+ \(web-1\)/);
      expect(err).toContain('no host of "test" could be reached');
    } finally {
      for (const h of fleet.hosts) await h.startSshd();
    }
  });
});
