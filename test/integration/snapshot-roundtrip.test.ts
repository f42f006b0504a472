import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { hostSeries } from '../../src/engine/snapshots/engine-snapshot-source';
import { ENTRY } from '../../src/engine/snapshots/snapshot-format';
import { SnapshotReader } from '../../src/engine/snapshots/snapshot-reader';
import type { SnapshotSeries } from '../../src/engine/snapshots/snapshot-source';
import type { HeatmapCells } from '../../src/shared/api';
import type { StreamRow } from '../../src/shared/types';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

async function allRows(engine: Engine): Promise<Omit<StreamRow, 'index'>[]> {
  const rows: Omit<StreamRow, 'index'>[] = [];
  for (let from = 0; ; from += 2000) {
    const page = await engine.getStreamPage({ from, count: 2000 });
    rows.push(...page.rows.map(({ index: _index, ...row }) => row));
    if (page.rows.length < 2000) return rows;
  }
}

/** Hosts in name order: the heatmap lists them in the order they first spoke, which connecting decides. */
function byHost(cells: HeatmapCells): HeatmapCells {
  const order = cells.hosts.map((h, i) => [h, i] as const).sort(([a], [b]) => a.localeCompare(b));
  const pick = (rows: number[][]) => order.map(([, i]) => rows[i]);
  return {
    ...cells,
    hosts: order.map(([h]) => h),
    errors: pick(cells.errors),
    warnings: pick(cells.warnings),
    lines: pick(cells.lines),
  };
}

describe.runIf(harness.ok)('snapshot round trip through the engine, from three real sshd hosts', () => {
  let fleet: SshFleet;
  let engine: Engine;
  let writers: LogWriter[];

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    const profile = writeFleetProfile(fleet, { name: 'shop', environment: 'production' });
    writers = fleet.hosts.map((h) => {
      const info = isoLine(h.name);
      const error = isoLine(h.name, 'ERROR');
      return new LogWriter(path.join(h.logDir, 'app.log'), {
        rate: 50,
        line: (seq, now) =>
          seq % 9 === 4 ? `${error(seq, now)} upstream timed out password=hunter2` : info(seq, now),
      });
    });
    const env = fleet.env();
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: env.HOME!,
      agentSocket: env.SSH_AUTH_SOCK,
      metricsIntervalSec: 1,
      snapshotsDir: path.join(fleet.root, 'snapshots'),
      actionsDir: path.join(fleet.root, 'actions'),
    });
  });

  afterAll(async () => {
    await Promise.all((writers ?? []).map((w) => w.stop()));
    engine?.dispose();
    await fleet?.stop();
  });

  it('reopens the exported window with the same rows, heatmap, rates, host series, marks and notes', async () => {
    const info = await engine.connect({ profileFile: 'shop.yaml', environment: 'production' });
    await waitFor(async () => (await engine.getSession())?.hosts.every((h) => h.state === 'live'), {
      what: 'every host live',
      timeoutMs: 30_000,
    });
    writers.forEach((w) => w.start());
    await engine.addMark({ kind: 'incident-start' });
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total >= 300, {
      what: '300 lines',
      timeoutMs: 30_000,
    });
    const line = (await engine.search({ query: 'timed out', limit: 1 })).indexes[0];
    const [row] = (await engine.getStreamPage({ from: line, count: 1 })).rows;
    await engine.addNote({ text: 'first timeout', row });
    await engine.addMark({ kind: 'detected' });
    await waitFor(async () => (await engine.getHostMetrics({})).length >= 9, {
      what: 'three metric samples per host',
      timeoutMs: 20_000,
    });
    await Promise.all(writers.map((w) => w.stop()));
    const written = writers.reduce((sum, w) => sum + w.written, 0);
    writers = [];
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total === written, {
      what: `all ${written} lines in the window`,
      timeoutMs: 20_000,
    });
    await engine.addMark({ kind: 'resolved' });
    await engine.disconnect();

    const rows = await allRows(engine);
    const window = { from: rows[0].ts, to: rows[rows.length - 1].ts };
    const heatmap = await engine.getHeatmap({ ...window, bucketSec: 10 });
    const rates = await engine.getRates({ ...window, stepSec: 1 });
    const marks = await engine.listMarks();
    const samples = (await engine.getHostMetrics({})).filter((s) => s.ts >= window.from && s.ts <= window.to);

    const exported = await engine.exportSnapshot({ ...window });
    expect(exported.summary).toMatchObject({
      events: rows.length,
      hosts: info.hosts.map((h) => h.host),
      marks: 3,
      notes: 1,
    });
    expect(exported.summary.redactions['password-key-value']).toBeGreaterThan(0);

    const summary = await engine.openSnapshot({ file: exported.file });
    expect(summary.events).toBe(rows.length);

    // The recorded rows come back in their order; only redacted secrets differ.
    const reviewed = await allRows(engine);
    const unredacted = (r: Omit<StreamRow, 'index'>) => ({
      ...r,
      message: r.message.replace(/password=\S+/, ''),
    });
    expect(reviewed.map(unredacted)).toEqual(rows.map(unredacted));
    expect(reviewed.some((r) => r.message.includes('hunter2'))).toBe(false);
    expect(byHost(await engine.getHeatmap({ ...window, bucketSec: 10 }))).toEqual(byHost(heatmap));
    expect(await engine.getRates({ ...window, stepSec: 1 })).toEqual(rates);

    const reader = await SnapshotReader.open(exported.file);
    const series = await reader.readJson<SnapshotSeries[]>(ENTRY.series);
    expect(series.filter((s) => s.host)).toEqual(hostSeries(samples));
    const web1 = await engine.getHostMetrics({ host: 'web-1' });
    expect(web1.map((s) => s.cpuPercent).filter((v) => v !== null)).toEqual(
      hostSeries(samples).find((s) => s.name === 'web-1/cpu_percent')!.values,
    );

    const reopened = await engine.listMarks();
    expect(reopened.marks.map(({ kind, ts }) => ({ kind, ts }))).toEqual(
      marks.marks.map(({ kind, ts }) => ({ kind, ts })),
    );
    expect(reopened.notes).toEqual(
      marks.notes.map((n) => ({ ...n, line: { ...n.line!, message: expect.any(String) } })),
    );
    expect(reopened.timeline).toEqual(marks.timeline);
    expect(reopened.timeline.mttdMs).not.toBeNull();
    expect(reopened.timeline.mttrMs).not.toBeNull();

    await engine.closeSnapshot();
    expect(await engine.getMode()).toMatchObject({ mode: 'idle' });
  });
});
