import { afterEach, describe, expect, it } from 'vitest';
import { SeriesFrame, type SeriesSources } from '../../../src/engine/analytics/app-series';
import { RequestRollup } from '../../../src/engine/analytics/request-rollup';
import { RequestRowQueue } from '../../../src/engine/analytics/request-rows';
import { LogWindow } from '../../../src/engine/store/log-window';
import type { HostMetricsSample, Level, LogEvent } from '../../../src/shared/types';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const STEP = 10_000;
let seq = 0;
const event = (ts: number, host: string, level: Level, message: string, app = 'shop'): LogEvent => ({
  seq: seq++,
  ts,
  tsOrigin: 'parsed',
  host,
  app,
  source: '/var/log/access.log',
  level,
  message,
});
const access = (status: number, seconds: number) =>
  `10.0.0.1 - - [01/Mar/2024:12:00:00 +0000] "GET /cart HTTP/1.1" ${status} 10 "-" "curl" ${seconds.toFixed(3)}`;

let window: LogWindow | null = null;
afterEach(() => window?.dispose());

function sources(events: LogEvent[], hostSamples: HostMetricsSample[] = []): SeriesSources {
  window = new LogWindow({ now: () => T0 + 3600_000 });
  const requests = new RequestRollup({ bucketMs: STEP });
  const placed = new RequestRowQueue((rows) => requests.addRequests(rows));
  const { streams } = window.store;
  window.store.onRowsTaken((rows, stream, from, to) =>
    placed.add(rows, streams.streams[stream].app, from, to),
  );
  window.add(events);
  window.store.flush();
  placed.flush();
  requests.countLines(events);
  return {
    rates: (from, to, stepSec) => window!.rates({ from, to, stepSec }),
    requests,
    hostSamples: (host) => hostSamples.filter((s) => s.host === host),
    customSamples: (app) =>
      app === 'shop' ? new Map([['queue_depth', [{ ts: T0 + 25_000, value: 7 }]]]) : new Map(),
  };
}

describe('series of an application over a frame', () => {
  // Bucket 0: nothing; 1: 10 requests, 2 of them 5xx, 100–190 ms; 2: 10 requests, all 200, 1 s each.
  const events: LogEvent[] = [];
  for (let i = 0; i < 10; i++) {
    const status = i < 2 ? 503 : 200;
    events.push(
      event(
        T0 + STEP + i * 500,
        i % 2 ? 'web-1' : 'web-2',
        status >= 500 ? 'error' : 'info',
        access(status, 0.1 + i * 0.01),
      ),
    );
    events.push(event(T0 + 2 * STEP + i * 500, 'web-1', 'info', access(200, 1)));
  }

  it('builds rates, the 5xx ratio and latency percentiles from the same buckets', () => {
    const frame = new SeriesFrame(sources(events), T0, STEP, 3);
    const app = { name: 'shop', hosts: ['web-1', 'web-2'] };
    expect(frame.names(app)).toEqual([
      'lines_per_sec',
      'errors_per_sec',
      'error_ratio',
      'requests_per_sec',
      'http_5xx_ratio',
      'latency_p50_ms',
      'latency_p95_ms',
      'latency_p99_ms',
      'queue_depth',
    ]);
    expect(frame.metric(app, 'lines_per_sec')).toEqual([null, 1, 1]);
    expect(frame.metric(app, 'errors_per_sec')).toEqual([null, 0.2, 0]);
    expect(frame.metric(app, 'http_5xx_ratio')).toEqual([null, 0.2, 0]);
    const p50 = frame.metric(app, 'latency_p50_ms')!;
    expect(p50[0]).toBeNull();
    expect(p50[1]! / 140).toBeCloseTo(1, 1);
    expect(p50[2]! / 1000).toBeCloseTo(1, 1);
    expect(frame.metric(app, 'queue_depth')).toEqual([null, null, 7]);
    expect(frame.metric(app, 'no_such_metric')).toBeNull();
    expect(frame.hostErrors('web-2')).toEqual([null, 0.1, 0]);
    expect(frame.latencyOverall('shop')!.p99 / 1000).toBeCloseTo(1, 1);
  });

  it('averages a host metric over the application’s hosts', () => {
    const sample = (host: string, ts: number, load1: number): HostMetricsSample => ({
      host,
      ts,
      load1,
      load5: null,
      load15: null,
      cpuPercent: null,
      memUsedPercent: null,
    });
    const frame = new SeriesFrame(
      sources(events, [
        sample('web-1', T0 + 1000, 1),
        sample('web-2', T0 + 2000, 3),
        sample('web-1', T0 + 21_000, 2),
      ]),
      T0,
      STEP,
      3,
    );
    const app = { name: 'shop', hosts: ['web-1', 'web-2'] };
    expect(frame.names(app)).toContain('load1');
    expect(frame.names(app)).not.toContain('cpu_percent');
    expect(frame.metric(app, 'load1')).toEqual([2, null, 2]);
  });
});
