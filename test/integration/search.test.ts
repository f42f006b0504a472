import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { appendLines, LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('searching lines tailed from three real sshd hosts', () => {
  let fleet: SshFleet;
  let engine: Engine;
  let writers: LogWriter[];

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    const profile = writeFleetProfile(fleet);
    writers = fleet.hosts.map((h) =>
      new LogWriter(path.join(h.logDir, 'app.log'), { rate: 100, line: isoLine(h.name) }).start(),
    );
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(async () => (await engine.getSession())?.hosts.every((h) => h.state === 'live'), {
      what: 'all hosts live',
    });
  });

  afterAll(async () => {
    engine?.dispose();
    await Promise.all((writers ?? []).map((w) => w.stop()));
    await fleet?.stop();
  });

  it('finds a request id written on one host, by exact substring, as soon as it is visible', async () => {
    const id = 'req-7f3a9c21-0b4e-4d5c';
    const now = new Date().toISOString();
    appendLines(path.join(fleet.hosts[1].logDir, 'app.log'), [
      `${now} ERROR checkout[web-2] upstream timeout table=orders request_id=${id}`,
    ]);
    await waitFor(async () => (await engine.search({ query: id })).total === 1, {
      what: 'the id to be found',
    });
    const result = await engine.search({ query: id });
    const [row] = (await engine.getStreamPage({ from: result.indexes[0], count: 1 })).rows;
    expect(row).toMatchObject({ host: 'web-2', level: 'error' });
    expect(row.message).toContain(id);
    expect((await engine.search({ query: `host:web-1 ${id}` })).total).toBe(0);
    expect((await engine.search({ query: 'orders timeout level:>=warn' })).indexes).toEqual(result.indexes);
  });

  it('answers words the same before and after the index has caught up, newest first on request', async () => {
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total > 300, {
      what: 'a few hundred lines',
    });
    const before = await engine.search({ query: 'handled host:web-3', newestFirst: true, limit: 10_000 });
    expect(before.total).toBeGreaterThan(0);
    await waitFor(async () => (await engine.search({ query: 'handled' })).indexLagLines === 0, {
      what: 'the index to catch up',
    });
    const after = await engine.search({ query: 'handled host:web-3', newestFirst: true, limit: 10_000 });
    expect(after.indexes.slice(-before.indexes.length)).toEqual(before.indexes);
    for (let i = 1; i < after.indexes.length; i++)
      expect(after.indexes[i]).toBeLessThan(after.indexes[i - 1]);
    const rows = (await engine.getStreamPage({ from: after.indexes[0], count: 1 })).rows;
    expect(rows[0].host).toBe('web-3');
  });

  it('counts lines per host and level for the heatmap and per application for the rates', async () => {
    const heat = await engine.getHeatmap({});
    expect(heat.hosts.sort()).toEqual(['web-1', 'web-2', 'web-3']);
    const total = heat.lines.flat().reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(300);
    expect(heat.errors.flat().reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const rates = await engine.getRates({});
    expect(rates.apps.map((a) => a.app)).toEqual(['checkout']);
    expect(Math.max(...rates.apps[0].linesPerSec)).toBeGreaterThan(100);
  });
});
