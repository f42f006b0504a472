import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRequestFields } from '../../../src/engine/analytics/request-fields';
import { RequestRollup } from '../../../src/engine/analytics/request-rollup';
import {
  BATCH_ROWS,
  readRowFields,
  RequestRowQueue,
  type RequestRowBatch,
  type RequestRows,
  type RowFieldReader,
} from '../../../src/engine/analytics/request-rows';
import { IndexWorkerClient } from '../../../src/engine/search/remote-indexing';
import { LogWindow } from '../../../src/engine/store/log-window';
import type { LogEvent } from '../../../src/shared/types';
import { waitFor } from '../../harness/wait-for';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const STEP = 10_000;
const BUILT_WORKER = path.resolve(__dirname, '../../../out/main/index-worker.js');

let seq = 0;
function event(ts: number, host: string, app: string, message: string): LogEvent {
  return {
    seq: seq++,
    ts,
    tsOrigin: 'parsed',
    host,
    app,
    source: '/var/log/app.log',
    level: 'info',
    message,
  };
}

/** Access-log and key-value lines of two applications over three buckets, some non-ASCII, some with no fields. */
function traffic(from: number, count: number): LogEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const ts = from + i * 97;
    if (i % 2 === 0)
      return event(
        ts,
        'web-1',
        'shop',
        `10.0.0.${i % 9} - - [01/May/2024:12:00:00 +0000] "GET /cart/${i} HTTP/1.1" ${i % 10 === 0 ? 503 : 200} 12 "-" "curl" 0.${String(i % 1000).padStart(3, '0')}`,
      );
    if (i % 3 === 0)
      return event(ts, 'api-1', 'api', `café ${i} status=${i % 7 === 0 ? 500 : 201} took=${i % 300}ms`);
    return event(ts, 'api-1', 'api', `heartbeat ${i} queue=${i % 40}`);
  });
}

/** What counting every event once would give, per application and bucket. */
function expectedCounts(events: readonly LogEvent[], app: string, start: number, buckets: number) {
  const requests = new Array(buckets).fill(0);
  const serverErrors = new Array(buckets).fill(0);
  const durations: number[][] = Array.from({ length: buckets }, () => []);
  const fields = { status: -1, durationMs: -1 };
  for (const e of events) {
    if (e.app !== app || e.marker) continue;
    const b = Math.floor(e.ts / STEP) - start;
    readRequestFields(e.message, fields);
    if (fields.status >= 0) {
      requests[b]++;
      if (fields.status >= 500) serverErrors[b]++;
    }
    if (fields.durationMs >= 0) durations[b].push(fields.durationMs);
  }
  return { requests, serverErrors, durations: durations.map((d) => d.length) };
}

function counted(rollup: RequestRollup, app: string, start: number, buckets: number) {
  const counts = rollup.requestCounts(app, start, buckets);
  return {
    requests: counts.requests,
    serverErrors: counts.serverErrors,
    durations: counts.latency.map((sketch) => sketch?.count ?? 0),
  };
}

let window: LogWindow | null = null;
let client: IndexWorkerClient | null = null;
afterEach(() => {
  window?.dispose();
  client?.dispose();
  window = client = null;
});

/** A new window whose placed rows go to `queue`, as the engine wires them. */
function windowPlacingInto(queue: RequestRowQueue): LogWindow {
  window = new LogWindow({ now: () => T0 + 3600_000 });
  const { store } = window;
  store.onRowsTaken((rows, stream, from, to) => queue.add(rows, store.streams.streams[stream].app, from, to));
  return window;
}

/** A window whose placed rows go to a queue counting into a rollup, read by `reader` (here when undefined). */
function countingWindow(reader?: RowFieldReader) {
  const rollup = new RequestRollup({ bucketMs: STEP });
  const batches: number[] = [];
  const queue = new RequestRowQueue((rows) => {
    batches.push(rows.count);
    rollup.addRequests(rows);
  }, reader);
  const logs = windowPlacingInto(queue);
  logs.store.onCommit(() => queue.flush());
  return { window: logs, rollup, batches, queue };
}

/** Rows arrive in three commits; the last one's rows are late and are merged in among rows already placed. */
function ingest(logs: LogWindow): LogEvent[] {
  const first = traffic(T0, 200);
  const second = traffic(T0 + 200 * 97, 200);
  const late = traffic(T0 + 50 * 97, 60).map((e) => ({
    ...e,
    host: `${e.host}-late`,
    message: `${e.message} late`,
  }));
  const marker: LogEvent = {
    ...event(T0 + 5, 'web-1', 'shop', 'connection lost status=503'),
    marker: 'reconnect',
  };
  for (const batch of [[...first, marker], second, late]) {
    logs.add(batch);
    logs.store.flush();
  }
  expect(logs.store.late).toBeGreaterThan(0);
  return [...first, marker, ...second, ...late];
}

const START = Math.floor(T0 / STEP);

describe('request fields of placed rows', () => {
  it('counts each row once, by application, rows moved by late merges and markers included', () => {
    const { window: logs, rollup, batches } = countingWindow();
    const events = ingest(logs);
    expect(batches).toEqual([201, 200, 60]);
    for (const app of ['shop', 'api']) {
      const expected = expectedCounts(events, app, START, 6);
      expect(counted(rollup, app, START, 6)).toEqual(expected);
    }
    expect(expectedCounts(events, 'shop', START, 6).serverErrors.some((n) => n > 0)).toBe(true);
    expect(expectedCounts(events, 'api', START, 6).durations.some((n) => n > 0)).toBe(true);
  });

  it('sends a batch at the end of each commit, several away at once, and reads here when the reader fails', async () => {
    const away: { batch: RequestRowBatch; done: () => void }[] = [];
    const {
      window: logs,
      rollup,
      batches,
    } = countingWindow((batch) => new Promise<void>((resolve) => away.push({ batch, done: resolve })));
    const events = [traffic(T0, 100), traffic(T0 + 100 * 97, 50), traffic(T0 + 150 * 97, 30)];
    for (const commit of events) {
      logs.add(commit);
      logs.store.flush();
    }
    expect(away.map((a) => a.batch.count)).toEqual([100, 50, 30]);
    expect(batches).toEqual([]);
    // The reader fills the slots (from the batch's own bytes, as the worker does) and says so.
    for (const { batch, done } of away) {
      readRowFields(batch);
      done();
    }
    await waitFor(() => batches.length === 3, { what: 'the batches to come back' });
    expect(batches).toEqual([100, 50, 30]);
    expect(counted(rollup, 'shop', START, 6)).toEqual(expectedCounts(events.flat(), 'shop', START, 6));

    const failing = countingWindow(() => Promise.reject(new Error('the index worker was stopped')));
    const failed = traffic(T0, 120);
    failing.window.add(failed);
    failing.window.store.flush();
    await waitFor(() => failing.batches.length === 1, { what: 'the rows to be read here' });
    expect(counted(failing.rollup, 'shop', START, 6)).toEqual(expectedCounts(failed, 'shop', START, 6));
  });

  it('sends a full batch at once, and reads here past a bound of batches away (a worker slow to answer)', () => {
    const rollup = new RequestRollup({ bucketMs: STEP });
    const batches: number[] = [];
    const sent: number[] = [];
    const queue = new RequestRowQueue(
      (rows) => {
        batches.push(rows.count);
        rollup.addRequests(rows);
      },
      (batch) => {
        sent.push(batch.count);
        return new Promise<void>(() => undefined);
      },
      2,
    );
    const logs = windowPlacingInto(queue);
    const { store } = logs;
    // One commit of more rows than a batch holds: a full batch goes as soon as it is full.
    const events = traffic(T0, BATCH_ROWS + 500);
    logs.add(events);
    store.flush();
    expect(sent).toEqual([BATCH_ROWS]);
    queue.flush();
    expect(sent).toEqual([BATCH_ROWS, 500]);
    // Two batches away: the next one is read here.
    const later = traffic(T0 + 3600_000, 40);
    logs.add(later);
    store.flush();
    queue.flush();
    expect(batches).toEqual([40]);
    expect(counted(rollup, 'shop', START + 360, 1)).toEqual(expectedCounts(later, 'shop', START + 360, 1));
  });

  it.skipIf(!existsSync(BUILT_WORKER))('reads them on the built index worker as it would here', async () => {
    const worker = (client = new IndexWorkerClient(BUILT_WORKER));
    const remote = countingWindow((batch) => worker.readRowFields(batch));
    const events = ingest(remote.window);
    await waitFor(() => remote.batches.reduce((a, b) => a + b, 0) === events.length, {
      what: 'every placed row to come back from the worker',
    });
    for (const app of ['shop', 'api'])
      expect(counted(remote.rollup, app, START, 6)).toEqual(expectedCounts(events, app, START, 6));
  });

  it.skipIf(!existsSync(BUILT_WORKER))(
    'goes on counting here when the worker stops with a batch away (that batch is not counted)',
    async () => {
      const worker = (client = new IndexWorkerClient(BUILT_WORKER));
      const stopping = countingWindow((batch) => {
        const reading = worker.readRowFields(batch);
        worker.dispose();
        return reading;
      });
      stopping.window.add(traffic(T0, 100));
      stopping.window.store.flush();
      await waitFor(() => stopping.batches.length === 1, { what: 'the batch away to be given up' });
      expect(stopping.batches).toEqual([0]);
      const later = traffic(T0 + 100 * 97, 100);
      stopping.window.add(later);
      stopping.window.store.flush();
      await waitFor(() => stopping.batches.length === 2, { what: 'the next batch to be read here' });
      expect(counted(stopping.rollup, 'shop', START, 6)).toEqual(expectedCounts(later, 'shop', START, 6));
    },
  );

  it('keeps the rows of a batch apart by application and says which are not all ASCII', () => {
    const seen: { apps: string[]; runEnds: number[]; ascii: boolean }[] = [];
    const queue = new RequestRowQueue((rows: RequestRows) =>
      seen.push({ apps: [...rows.apps], runEnds: [...rows.runEnds], ascii: rows.ascii }),
    );
    const logs = windowPlacingInto(queue);
    const { store } = logs;
    logs.add([event(T0, 'web-1', 'shop', 'status=200'), event(T0 + 1, 'api-1', 'api', 'status=201')]);
    store.flush();
    queue.flush();
    logs.add([event(T0 + 2, 'api-1', 'api', 'café status=500')]);
    store.flush();
    queue.flush();
    expect(seen).toEqual([
      { apps: ['shop', 'api'], runEnds: [1, 2], ascii: true },
      { apps: ['api'], runEnds: [1], ascii: false },
    ]);
  });
});
