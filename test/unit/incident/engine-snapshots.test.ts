import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, strToU8 } from 'fflate';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../../src/engine/engine';
import { syntheticSource } from '../../../src/engine/snapshots/synthetic-source';
import type { ExportProgressEvent } from '../../../src/shared/snapshot-types';
import type { LogEvent, StreamRow } from '../../../src/shared/types';
import { rewriteZip, tempDir, unzipFile } from '../snapshots/snapshot-files';

const FROM = Date.UTC(2024, 4, 1, 12, 0, 0);
const DURATION = 20 * 60_000;

let temp: ReturnType<typeof tempDir>;
let engine: Engine;

function writeProfile(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const hosts = ['web-1', 'web-2', 'web-3'];
  writeFileSync(
    path.join(dir, 'shop.yaml'),
    stringify({
      name: 'shop',
      environments: [
        {
          name: 'production',
          hosts: hosts.map((name, i) => ({ name, address: `10.1.0.${i + 1}` })),
          applications: [{ name: 'checkout', hosts, logs: [{ path: '/var/log/checkout/app.log' }] }],
        },
      ],
    }),
  );
}

/** Feeds the engine's window as a session would, from the synthetic incident. */
async function ingest(events: number): Promise<void> {
  const source = syntheticSource({ events, hosts: 3, from: FROM, durationMs: DURATION });
  const seq = new Map<string, number>();
  for await (const page of source.events()) {
    engine.window.add(
      page.map((e): LogEvent => {
        const n = (seq.get(e.host) ?? 0) + 1;
        seq.set(e.host, n);
        return { ...e, seq: n };
      }),
    );
  }
  engine.window.store.flush();
}

async function allRows(): Promise<Omit<StreamRow, 'index'>[]> {
  const rows: Omit<StreamRow, 'index'>[] = [];
  for (let from = 0; ; from += 2000) {
    const page = await engine.getStreamPage({ from, count: 2000 });
    rows.push(...page.rows.map(({ index: _index, ...row }) => row));
    if (page.rows.length < 2000) return rows;
  }
}

beforeEach(async () => {
  temp = tempDir();
  writeProfile(path.join(temp.dir, 'profiles'));
  engine = new Engine({
    profilesDir: path.join(temp.dir, 'profiles'),
    home: temp.dir,
    actionsDir: path.join(temp.dir, 'actions'),
    snapshotsDir: path.join(temp.dir, 'snapshots'),
    metricsIntervalSec: 0,
    appVersion: '0.0.0-test',
  });
  await engine.connect({ profileFile: 'shop.yaml', environment: 'production', standby: true });
});

afterEach(() => {
  engine.dispose();
  temp.remove();
});

describe('exporting the window from the engine', () => {
  it('writes the window between two times with the marks and notes, reporting progress to done', async () => {
    await ingest(20_000);
    await engine.addMark({ kind: 'incident-start', at: FROM + 5 * 60_000 });
    await engine.addMark({ kind: 'detected', at: FROM + 8 * 60_000 });
    await engine.addNote({ text: 'pool exhausted on web-2', at: FROM + 9 * 60_000 });
    const progress: ExportProgressEvent[] = [];
    engine.events.on('exportProgress', (p) => progress.push(p));

    const from = FROM + 5 * 60_000;
    const to = FROM + 15 * 60_000;
    const result = await engine.exportSnapshot({ id: 'export-1', from, to });

    expect(path.dirname(result.file)).toBe(path.join(temp.dir, 'snapshots'));
    expect(path.basename(result.file)).toMatch(/^shop-production-.*\.wfsnap$/);
    const inWindow = (await allRows()).filter((r) => r.ts >= from && r.ts <= to);
    expect(result.summary).toMatchObject({
      events: inWindow.length,
      profileName: 'shop',
      environment: 'production',
      marks: 2,
      notes: 1,
      mttdMs: 3 * 60_000,
      window: { from, to },
    });
    expect(progress.at(-1)).toMatchObject({ id: 'export-1', phase: 'done', done: inWindow.length });
    expect(progress[0].total).toBeGreaterThan(0);
  });

  it('names the series by application and keeps the host addresses out when asked', async () => {
    await ingest(5000);
    const file = path.join(temp.dir, 'out', 'masked');
    const result = await engine.exportSnapshot({
      from: FROM,
      to: FROM + DURATION,
      file,
      maskAddresses: true,
    });
    expect(result.file).toBe(`${file}.wfsnap`);
    expect(result.summary.hostAddressesMasked).toBe(true);
    expect(readFileSync(result.file).includes('10.1.0.1')).toBe(false);
  });

  it('stops an export on cancelExport, removing its partial file', async () => {
    await ingest(300_000);
    const progress: ExportProgressEvent[] = [];
    engine.events.on('exportProgress', (p) => {
      progress.push(p);
      if (p.phase === 'events') void engine.cancelExport({ id: 'big' });
    });
    const file = path.join(temp.dir, 'cancelled.wfsnap');
    await expect(engine.exportSnapshot({ id: 'big', from: FROM, to: FROM + DURATION, file })).rejects.toThrow(
      /cancelled/,
    );
    expect(existsSync(file)).toBe(false);
    expect(progress.at(-1)?.phase).toBe('cancelled');
    expect(await engine.cancelExport({ id: 'big' })).toBe(false);
  });

  it('refuses a window that ends before it starts, and a relative file', async () => {
    await expect(engine.exportSnapshot({ from: FROM, to: FROM })).rejects.toThrow(/must end after/);
    await expect(engine.exportSnapshot({ from: FROM, to: FROM + 1, file: 'x.wfsnap' })).rejects.toThrow(
      /absolute path/,
    );
  });
});

describe('reviewing a snapshot in the engine', () => {
  it('shows the same rows, heatmap and rates read-only, then restores the live marks on close', async () => {
    await ingest(20_000);
    await engine.addMark({ kind: 'incident-start', at: FROM });
    await engine.addMark({ kind: 'detected', at: FROM + 60_000 });
    await engine.addNote({
      text: 'first timeout',
      row: { host: 'web-1', source: '/var/log/checkout/app.log', ts: FROM + 30_000, message: 'x' },
    });
    const window = { from: FROM, to: FROM + DURATION };
    const rows = await allRows();
    const heatmap = await engine.getHeatmap({ ...window, bucketSec: 60 });
    const rates = await engine.getRates({ ...window, stepSec: 60 });
    const marks = await engine.listMarks();
    const { file } = await engine.exportSnapshot(window);
    await engine.addMark({ kind: 'mitigated' });

    const modes: string[] = [];
    engine.events.on('mode', (m) => modes.push(m.mode));
    const summary = await engine.openSnapshot({ file });

    expect(modes).toEqual(['loading', 'idle', 'review']);
    expect(await allRows()).toEqual(rows);
    expect(await engine.getHeatmap({ ...window, bucketSec: 60 })).toEqual(heatmap);
    expect(await engine.getRates({ ...window, stepSec: 60 })).toEqual(rates);
    const reviewed = await engine.listMarks();
    expect(reviewed.marks.map(({ kind, ts }) => ({ kind, ts }))).toEqual(
      marks.marks.map(({ kind, ts }) => ({ kind, ts })),
    );
    expect(reviewed.notes.map((n) => n.text)).toEqual(['first timeout']);
    expect(reviewed.timeline.mttdMs).toBe(60_000);
    expect((await engine.getSession())?.review).toEqual(summary);
    expect(await engine.getMode()).toEqual({ mode: 'review', snapshot: summary });
    expect((await engine.search({ query: 'timed out' })).total).toBe(
      rows.filter((r) => r.message.includes('timed out')).length,
    );

    await expect(
      engine.connect({ profileFile: 'shop.yaml', environment: 'production', standby: true }),
    ).rejects.toThrow(/open for review .*close it first/);
    await expect(engine.addMark({ kind: 'resolved' })).rejects.toThrow(/read-only/);
    await expect(engine.exportSnapshot(window)).rejects.toThrow(/read-only/);

    await engine.closeSnapshot();
    expect(await engine.getSession()).toBeNull();
    expect((await engine.getStreamPage({ from: 0, count: 1 })).total).toBe(0);
    expect((await engine.listMarks()).marks.map((m) => m.kind)).toEqual([
      'incident-start',
      'detected',
      'mitigated',
    ]);
  });

  it('opens one snapshot over another, and Disconnect ends the review with the live marks back', async () => {
    await ingest(3000);
    await engine.addMark({ kind: 'detected', at: FROM + 60_000 });
    const first = await engine.exportSnapshot({ from: FROM, to: FROM + DURATION });
    await engine.addMark({ kind: 'resolved', at: FROM + 120_000 });
    const second = await engine.exportSnapshot({ from: FROM, to: FROM + DURATION / 2 });

    await engine.openSnapshot({ file: first.file });
    expect((await engine.listMarks()).marks.map((m) => m.kind)).toEqual(['detected']);
    await engine.openSnapshot({ file: second.file });
    expect((await engine.getMode()).mode).toBe('review');
    expect((await engine.getSession())?.review?.file).toBe(second.file);
    expect((await engine.listMarks()).marks.map((m) => m.kind)).toEqual(['detected', 'resolved']);

    await engine.disconnect();
    expect(await engine.getMode()).toEqual({ mode: 'idle', demoAvailable: false });
    expect((await engine.listMarks()).marks.map((m) => m.kind)).toEqual(['detected', 'resolved']);
    await engine.addMark({ kind: 'mitigated' });
  });

  it('refuses a tampered snapshot and keeps the session it had', async () => {
    await ingest(5000);
    const { file } = await engine.exportSnapshot({ from: FROM, to: FROM + DURATION });
    const events = strFromU8(unzipFile(file)['events.ndjson']).replace('"level":"info"', '"level":"debug"');
    const tampered = path.join(temp.dir, 'tampered.wfsnap');
    rewriteZip(file, tampered, { 'events.ndjson': strToU8(events) });

    const problems: string[] = [];
    engine.events.on('mode', (m) => m.problem && problems.push(m.problem));
    await expect(engine.openSnapshot({ file: tampered })).rejects.toThrow(/altered or damaged/);
    expect(problems[0]).toMatch(/altered or damaged .*\n {2}events\.ndjson: /);
    expect(await engine.getMode()).toEqual({ mode: 'live' });
    expect((await engine.getStreamPage({ from: 0, count: 0 })).total).toBe(5000);
  });

  it('opens the demo incident when the installation has one', async () => {
    await ingest(2000);
    const { file } = await engine.exportSnapshot({ from: FROM, to: FROM + DURATION });
    await engine.disconnect();
    expect(await engine.getMode()).toEqual({ mode: 'idle', demoAvailable: false });
    await expect(engine.openSnapshot({ demo: true })).rejects.toThrow(/no demo incident/);
    const demo = new Engine({
      profilesDir: path.join(temp.dir, 'profiles'),
      home: temp.dir,
      metricsIntervalSec: 0,
      demoSnapshot: file,
    });
    try {
      expect(await demo.getMode()).toEqual({ mode: 'idle', demoAvailable: true });
      expect((await demo.openSnapshot({ demo: true })).events).toBe(2000);
    } finally {
      demo.dispose();
    }
  });
});
