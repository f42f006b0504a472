import { describe, expect, it } from 'vitest';
import type { SeriesFrame } from '../../../src/engine/analytics/app-series';
import { AnomalyWatch } from '../../../src/engine/anomalies/anomaly-watch';
import type { Level, LogEvent } from '../../../src/shared/types';
import { heapUsedAfterGc } from '../../harness/heap';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const STEP = 10_000;
let seq = 0;
const line = (ts: number, level: Level, message: string): LogEvent => ({
  seq: seq++,
  ts,
  tsOrigin: 'parsed',
  host: 'web-1',
  app: 'shop',
  source: '/var/log/app.log',
  level,
  message,
});

function frameOf(appErrors: (number | null)[], hostErrors: (number | null)[]): SeriesFrame {
  return {
    start: T0,
    stepMs: STEP,
    count: appErrors.length,
    metric: () => appErrors,
    hostErrors: () => hostErrors,
  } as unknown as SeriesFrame;
}

const apps = [{ name: 'shop', hosts: ['web-1'] }];

describe('anomaly watch', () => {
  it('queues only error lines, mines them each pass and announces new and spiking signatures', async () => {
    let now = T0;
    const watch = new AnomalyWatch({ signatures: { warmupMs: 30_000, recentMs: 60_000 } }, () => now);
    watch.observe([
      line(T0, 'error', 'db timeout after 30 ms'),
      line(T0, 'info', 'ok'),
      line(T0, 'warn', 'slow'),
    ]);
    const quiet = frameOf(new Array(20).fill(0), new Array(20).fill(0));
    const first = await watch.pass(quiet, apps, (now = T0 + 1000));
    expect(first).toEqual([]); // within the warm-up: the usual errors
    const burst = Array.from({ length: 8 }, (_, i) =>
      line(T0 + 60_000 + i, 'error', `card 77${i} declined by issuer`),
    );
    watch.observe(burst);
    const second = await watch.pass(quiet, apps, (now = T0 + 61_000));
    expect(second.map((e) => e.kind)).toEqual(['newSignature', 'spikingSignature']);
    expect(second[0]).toMatchObject({
      kind: 'newSignature',
      signature: { app: 'shop', template: 'card <NUM> declined by issuer', isNew: true },
    });
    expect(await watch.pass(quiet, apps, (now = T0 + 62_000))).toEqual([]);
    const report = watch.report(now);
    expect(report.signatures.map((s) => [s.template, s.count, s.spiking])).toEqual([
      ['card <NUM> declined by issuer', 8, true],
      ['db timeout after <NUM> ms', 1, false],
    ]);
  });

  it('reports error-rate spikes of applications and hosts', async () => {
    const watch = new AnomalyWatch({}, () => T0);
    const series = Array.from({ length: 30 }, (_, i) => (i === 25 ? 20 : 1));
    const events = await watch.pass(frameOf(series, series), apps, T0);
    expect(events.map((e) => (e.kind === 'spike' ? `${e.spike.scope}:${e.spike.name}` : e.kind))).toEqual([
      'app:shop',
      'host:web-1',
    ]);
    expect(watch.report(T0).spikes).toHaveLength(2);
  });

  it('caps the lines mined per application and second, counting the rest', async () => {
    const watch = new AnomalyWatch({ minedLinesPerSec: 10 }, () => T0);
    watch.observe(Array.from({ length: 500 }, (_, i) => line(T0, 'error', `boom ${i}`)));
    await watch.pass(frameOf([], []), apps, T0);
    const report = watch.report(T0);
    expect(report.signatures[0].count).toBe(100);
    expect(report.droppedLines).toBe(400);
  });

  it('queues error lines without keeping the received text they were cut from', () => {
    const watch = new AnomalyWatch({}, () => T0);
    const before = heapUsedAfterGc();
    for (let chunk = 0; chunk < 40; chunk++) {
      // A megabyte of received text, one error line in it, as the line splitter cuts lines.
      const text = `${'ok request served\n'.repeat(60_000)}database connection refused on attempt ${chunk}`;
      const lines = text.split('\n');
      watch.observe([line(T0, 'error', lines[lines.length - 1])]);
    }
    // Forty megabytes would stay if each queued line kept its text.
    expect(heapUsedAfterGc() - before).toBeLessThan(8 * 1024 * 1024);
  });
});
