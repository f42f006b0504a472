import { describe, expect, it } from 'vitest';
import { RequestRollup } from '../../../src/engine/analytics/request-rollup';
import type { RequestRows } from '../../../src/engine/analytics/request-rows';
import type { ParsedRows } from '../../../src/engine/ingest/parsed-rows';
import { packFlags } from '../../../src/engine/store/row-flags';
import type { Level, StreamMarkerKind } from '../../../src/shared/types';

const STEP = 10_000;
const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const LEVELS: (Level | null)[] = ['fatal', 'error', 'warn', 'info', 'debug', null];
const STATUSES = [-1, -1, 200, 201, 404, 500, 503];

interface Row {
  ts: number;
  level: Level | null;
  marker?: StreamMarkerKind;
  status: number;
  durationMs: number;
}

function columns(rows: readonly Row[]): ParsedRows {
  return {
    count: rows.length,
    ts: Float64Array.from(rows, (r) => r.ts),
    flags: Uint8Array.from(rows, (r) => packFlags(r.level, 'parsed', r.marker)),
    bytes: new Uint8Array(0),
    ends: new Uint32Array(rows.length),
    wide: new Uint8Array(rows.length),
    status: Int16Array.from(rows, (r) => r.status),
    durationMs: Float64Array.from(rows, (r) => r.durationMs),
  };
}

/** The rows counted one at a time, through the per-line paths (events, and rows whose fields were read). */
function countOneByOne(rollup: RequestRollup, host: string, app: string, rows: readonly Row[]): void {
  for (const r of rows) {
    rollup.countLines([
      {
        seq: 0,
        ts: r.ts,
        tsOrigin: 'parsed',
        host,
        app,
        source: 'app.log',
        level: r.level,
        message: '',
        ...(r.marker ? { marker: r.marker } : {}),
      },
    ]);
    if (r.marker) continue;
    const one = { apps: [app], runEnds: [1], ts: [r.ts], status: [r.status], durationMs: [r.durationMs] };
    rollup.addRequests(one as unknown as RequestRows);
  }
}

function randomRows(seed: number, count: number): Row[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const rows: Row[] = [];
  let ts = T0;
  for (let i = 0; i < count; i++) {
    const step = next();
    // Mostly forward, sometimes exactly on a bucket's edge or just before it, now and then back in time.
    if (step < 0.05) ts = Math.ceil(ts / STEP) * STEP;
    else if (step < 0.08) ts = Math.ceil(ts / STEP) * STEP - 0.5;
    else if (step < 0.1) ts -= 25_000;
    else ts += Math.floor(next() * 4000);
    const marker = next() < 0.03 ? 'gap' : undefined;
    rows.push({
      ts: next() < 0.01 ? NaN : ts,
      level: LEVELS[Math.floor(next() * LEVELS.length)],
      ...(marker ? { marker } : {}),
      status: marker ? -1 : STATUSES[Math.floor(next() * STATUSES.length)],
      durationMs: marker || next() < 0.4 ? -1 : Math.floor(next() * 2000) / 4,
    });
  }
  return rows;
}

describe('RequestRollup.addRows', () => {
  it('counts a batch of rows in columns exactly as line by line, across buckets, markers and retention', () => {
    const bulk = new RequestRollup({ bucketMs: STEP, retentionMs: 3600_000 });
    const single = new RequestRollup({ bucketMs: STEP, retentionMs: 3600_000 });
    // Batches of two hosts and applications, long enough to cross the retention period.
    for (let batch = 0; batch < 40; batch++) {
      const rows = randomRows(batch + 1, 300);
      const shift = batch * 400_000;
      for (const r of rows) r.ts += shift;
      const host = batch % 2 === 0 ? 'web-1' : 'web-2';
      const app = batch % 3 === 0 ? 'shop' : 'cart';
      bulk.addRows(host, app, columns(rows));
      countOneByOne(single, host, app, rows);
    }
    const start = Math.floor(T0 / STEP);
    const buckets = Math.ceil((40 * 400_000 + 3_600_000) / STEP);
    let requests = 0;
    for (const host of ['web-1', 'web-2']) {
      const counted = bulk.hostCounts(host, start, buckets);
      expect(counted).toEqual(single.hostCounts(host, start, buckets));
      expect(counted.lines.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    }
    for (const app of ['shop', 'cart']) {
      const got = bulk.requestCounts(app, start, buckets);
      const want = single.requestCounts(app, start, buckets);
      expect(got.requests).toEqual(want.requests);
      expect(got.serverErrors).toEqual(want.serverErrors);
      expect(got.latency.map((s) => s?.count ?? 0)).toEqual(want.latency.map((s) => s?.count ?? 0));
      expect(got.latency.map((s) => s?.quantiles([0.5, 0.99]) ?? [])).toEqual(
        want.latency.map((s) => s?.quantiles([0.5, 0.99]) ?? []),
      );
      requests += got.requests.reduce((a, b) => a + b, 0);
    }
    // Rows older than the retention period, and NaN times, were left out by both.
    expect(requests).toBeGreaterThan(1000);
    expect(bulk.hostNames.sort()).toEqual(['web-1', 'web-2']);
  });

  it('leaves out markers and rows without a time, and counts error rows', () => {
    const rollup = new RequestRollup({ bucketMs: STEP });
    rollup.addRows(
      'web-1',
      'shop',
      columns([
        { ts: T0, level: 'error', status: 503, durationMs: 12 },
        { ts: T0 + 1, level: 'info', marker: 'reconnect', status: -1, durationMs: -1 },
        { ts: NaN, level: 'error', status: 500, durationMs: 3 },
        { ts: T0 + STEP, level: 'fatal', status: -1, durationMs: -1 },
        { ts: T0 + STEP + 5, level: 'warn', status: 404, durationMs: 0 },
      ]),
    );
    const start = Math.floor(T0 / STEP);
    expect(rollup.hostCounts('web-1', start, 2)).toEqual({ lines: [1, 2], errors: [1, 1] });
    const requests = rollup.requestCounts('shop', start, 2);
    expect(requests.requests).toEqual([1, 1]);
    expect(requests.serverErrors).toEqual([1, 0]);
    expect(requests.latency.map((s) => s?.count)).toEqual([1, 1]);
  });

  it('forgets buckets older than the retention period, late ones included', () => {
    const retentionMs = 60 * STEP;
    const rollup = new RequestRollup({ bucketMs: STEP, retentionMs });
    const row = (ts: number): Row => ({ ts, level: 'info', status: 200, durationMs: 5 });
    const add = (ts: number) => rollup.addRows('web-1', 'shop', columns([row(ts)]));
    const start = Math.floor(T0 / STEP);
    const linesAt = (bucket: number) => rollup.hostCounts('web-1', start + bucket, 1).lines[0];
    add(T0);
    add(T0 + retentionMs - STEP);
    expect([linesAt(0), linesAt(59)]).toEqual([1, 1]);
    add(T0 + retentionMs);
    expect([linesAt(0), linesAt(59), linesAt(60)]).toEqual([0, 1, 1]);
    // A late row still inside the period is kept, and forgotten in its turn.
    add(T0 + 5 * STEP);
    expect(linesAt(5)).toBe(1);
    add(T0);
    expect(linesAt(0)).toBe(0);
    add(T0 + retentionMs + 6 * STEP);
    expect([linesAt(5), linesAt(59), linesAt(66)]).toEqual([0, 1, 1]);
    expect(rollup.requestCounts('shop', start, 70).requests.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
