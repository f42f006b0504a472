import { afterEach, describe, expect, it } from 'vitest';
import { LiveAnalytics, type LiveAnalyticsDeps } from '../../../src/engine/analytics/live-analytics';
import { LogWindow } from '../../../src/engine/store/log-window';
import type { AnomalyEvent, ForecastUpdate } from '../../../src/shared/analytics-types';
import { applicationSchema, type ProfileApplication } from '../../../src/shared/profile-schema';
import type { LogEvent } from '../../../src/shared/types';

const NOW = Date.UTC(2024, 2, 1, 13, 0, 0);
const STEP = 10_000;

const apps: ProfileApplication[] = [
  applicationSchema.parse({
    name: 'shop',
    hosts: ['web-1'],
    logs: [{ path: '/var/log/shop.log' }],
    scaling: {
      metric: 'errors_per_sec',
      threshold: 1.8,
      min: 1,
      max: 4,
      action: { plugin: 'exec', params: { argv: ['/bin/true'] } },
    },
  }),
  applicationSchema.parse({ name: 'search', hosts: ['web-2'], logs: [{ path: '/var/log/search.log' }] }),
];

/** Ten minutes of both applications: shop's errors climb by 0.025/s every bucket, search stays quiet. */
function history(): LogEvent[] {
  const events: LogEvent[] = [];
  let seq = 0;
  for (let b = 0; b < 60; b++) {
    const at = NOW - 60 * STEP + b * STEP;
    for (let i = 0; i < 20; i++) {
      const ts = at + i * 500;
      const error = i < b / 4;
      const common = { seq: seq++, ts, tsOrigin: 'parsed' as const, source: '/var/log/app.log' };
      events.push({
        ...common,
        host: 'web-1',
        app: 'shop',
        level: error ? 'error' : 'info',
        message: error ? `payment ${seq} failed` : `served status=200 duration=${10 + i}ms`,
      });
      events.push({
        ...common,
        seq: seq++,
        host: 'web-2',
        app: 'search',
        level: 'info',
        message: 'query ok',
      });
    }
  }
  return events;
}

let analytics: LiveAnalytics | null = null;
let window: LogWindow | null = null;
afterEach(() => {
  analytics?.dispose();
  window?.dispose();
});

function start(overrides: Partial<LiveAnalyticsDeps> = {}) {
  window = new LogWindow({ now: () => NOW });
  const forecasts: ForecastUpdate[] = [];
  const anomalies: AnomalyEvent[] = [];
  const advised: [string, string[]][] = [];
  let expired = 0;
  analytics = new LiveAnalytics(
    {
      applications: apps,
      activeApps: () => ['shop', 'search'],
      rates: (from, to, stepSec) => window!.rates({ from, to, stepSec }),
      hostSamples: () => [],
      isLive: () => false,
      exec: () => Promise.reject(new Error('not connected')),
      now: () => NOW,
      onForecast: (f) => forecasts.push(f),
      onAnomaly: (a) => anomalies.push(a),
      advise: async (app, inputs) => advised.push([app, Object.keys(inputs)]),
      expireSuggestions: () => expired++,
      onProblem: () => undefined,
      ...overrides,
    },
    { intervalMs: 3_600_000, settleMs: 0 },
  );
  const events = history();
  const { streams } = window.store;
  window.store.onRowsTaken((rows, stream, from, to) =>
    analytics!.observePlaced(rows, streams.streams[stream].app, from, to),
  );
  window.add(events);
  window.store.flush();
  analytics.flushRequests();
  analytics.observe(events);
  return { forecasts, anomalies, advised, expired: () => expired };
}

describe('live analytics', () => {
  it('forecasts each active application, advises those with a policy and expires suggestions', async () => {
    const { forecasts, advised, expired } = start();
    const pass = await analytics!.pass();
    expect(pass).toMatchObject({ apps: 2, series: 4 });
    expect(forecasts.map((f) => [f.app, f.forecasts.map((v) => v.metric)])).toEqual([
      ['shop', ['lines_per_sec', 'errors_per_sec']],
      ['search', ['lines_per_sec', 'errors_per_sec']],
    ]);
    const errors = forecasts[0].forecasts[1];
    expect(errors.crossing?.text).toMatch(/^errors_per_sec (cross 1.8 in about|is already)/);
    expect(errors.lastAt).toBe(NOW - STEP);
    expect(advised).toEqual([['shop', ['lines_per_sec', 'errors_per_sec']]]);
    expect(expired()).toBe(1);
    expect(analytics!.forecasts('shop')).toEqual(forecasts[0].forecasts);
    expect(analytics!.forecasts()).toHaveLength(4);
  });

  it('reports a failing advice once as a problem of the application’s first host', async () => {
    const problems: string[] = [];
    start({
      advise: () => Promise.reject(new Error('plugin exec: no readArgv')),
      onProblem: (host, message) => problems.push(`${host}: ${message}`),
    });
    await analytics!.pass();
    await analytics!.pass();
    expect(problems).toEqual(['web-1: scale advice for shop failed: plugin exec: no readArgv']);
  });

  it('answers an application’s series and refuses an unknown one', () => {
    start();
    const series = analytics!.series('shop', { from: NOW - 60 * STEP, to: NOW });
    expect(series.times).toHaveLength(60);
    expect(Object.keys(series.metrics)).toEqual([
      'lines_per_sec',
      'errors_per_sec',
      'error_ratio',
      'requests_per_sec',
      'http_5xx_ratio',
      'latency_p50_ms',
      'latency_p95_ms',
      'latency_p99_ms',
    ]);
    expect(series.metrics.lines_per_sec[0]).toBeCloseTo(2);
    expect(series.metrics.latency_p95_ms.at(-1)!).toBeGreaterThan(20);
    expect(() => analytics!.series('nope')).toThrow('the environment has no application "nope"');
  });

  it('mines error signatures from ingest', async () => {
    start();
    await analytics!.pass();
    const report = analytics!.anomalyReport();
    expect(report.signatures[0]).toMatchObject({ app: 'shop', template: 'payment <NUM> failed' });
  });
});
