import { describe, expect, it } from 'vitest';
import type { SeriesFrame } from '../../../src/engine/analytics/app-series';
import {
  FORECAST_DEFAULTS,
  forecastMetric,
  runForecastPass,
} from '../../../src/engine/analytics/forecast-loop';
import type { GappySeries } from '../../../src/engine/analytics/series-builder';

const STEP = 10_000;
const START = Date.UTC(2024, 2, 1, 12, 0, 0);
const app = { name: 'shop', hosts: ['web-1'] };

/** A frame whose metrics are given series. */
function frameOf(series: Record<string, GappySeries>): SeriesFrame {
  const count = Math.max(...Object.values(series).map((s) => s.length));
  return {
    start: START,
    stepMs: STEP,
    count,
    metric: (_app: unknown, name: string) => series[name] ?? null,
  } as unknown as SeriesFrame;
}

const ramp = (n: number, from: number, slope: number) =>
  Array.from({ length: n }, (_, i) => from + slope * i);

describe('forecasting an application metric', () => {
  it('forecasts a ramp with a crossing sentence for the threshold', () => {
    const frame = frameOf({ errors_per_sec: [null, null, ...ramp(60, 1, 0.5)] });
    const outcome = forecastMetric(frame, app, 'errors_per_sec', 40, FORECAST_DEFAULTS, START + 1e6)!;
    const { view, advisorInput } = outcome;
    expect(view).toMatchObject({
      app: 'shop',
      metric: 'errors_per_sec',
      stepMs: STEP,
      points: 60,
      last: 30.5,
    });
    expect(view.lastAt).toBe(START + 61 * STEP);
    expect(view.start).toBe(view.lastAt + STEP);
    expect(view.forecast.length).toBe(30);
    expect(view.forecast.at(-1)!).toBeGreaterThan(40);
    expect(view.crossing!.text).toMatch(/^errors_per_sec cross 40 in about \d+ (s|min), 80% interval/);
    expect(view.crossing!.expectedMs).toBeGreaterThan(0);
    expect(advisorInput).toMatchObject({ last: 30.5, at: view.start, stepMs: STEP, model: view.model });
  });

  it('reads a series already past the threshold as crossed, not as a wait for it to fall back', () => {
    const frame = frameOf({ errors_per_sec: ramp(40, 10, 1) });
    const { view } = forecastMetric(frame, app, 'errors_per_sec', 30, FORECAST_DEFAULTS, START + 1e6)!;
    expect(view.crossing).toMatchObject({ direction: 'rising', alreadyCrossed: true, expectedMs: 0 });
    expect(view.crossing!.text).toBe('errors_per_sec is already at or above 30');
  });

  it('never forecasts below zero, and waits for enough observations', () => {
    const falling = frameOf({ lines_per_sec: ramp(40, 20, -1) });
    const outcome = forecastMetric(falling, app, 'lines_per_sec', undefined, FORECAST_DEFAULTS, 0)!;
    expect(Math.min(...outcome.view.forecast, ...outcome.view.lower)).toBe(0);
    expect(outcome.view.crossing).toBeUndefined();
    expect(
      forecastMetric(
        frameOf({ lines_per_sec: ramp(5, 1, 1) }),
        app,
        'lines_per_sec',
        5,
        FORECAST_DEFAULTS,
        0,
      ),
    ).toBeNull();
    expect(forecastMetric(frameOf({}), app, 'lines_per_sec', 5, FORECAST_DEFAULTS, 0)).toBeNull();
  });

  it('uses a bounded history however long the series', () => {
    const frame = frameOf({ lines_per_sec: ramp(1000, 1, 0.1) });
    const outcome = forecastMetric(
      frame,
      app,
      'lines_per_sec',
      undefined,
      { ...FORECAST_DEFAULTS, historySteps: 120 },
      0,
    )!;
    expect(outcome.view.points).toBe(120);
  });

  it('runs every planned metric of every application in slices and reports failures per metric', async () => {
    const frame = frameOf({
      lines_per_sec: ramp(50, 10, 1),
      errors_per_sec: ramp(50, 1, 0.2),
      broken: [1, NaN],
    });
    const errors: string[] = [];
    const pass = await runForecastPass(
      frame,
      [
        { app, metrics: ['lines_per_sec', 'errors_per_sec', 'missing'], thresholds: { errors_per_sec: 14 } },
        { app: { name: 'quiet', hosts: [] }, metrics: ['missing'], thresholds: {} },
      ],
      FORECAST_DEFAULTS,
      0,
      (a, m, err) => errors.push(`${a} ${m} ${err.message}`),
    );
    expect(pass.series).toBe(2);
    expect(pass.updates.map((u) => [u.app, u.forecasts.map((f) => f.metric)])).toEqual([
      ['shop', ['lines_per_sec', 'errors_per_sec']],
      ['quiet', []],
    ]);
    expect(Object.keys(pass.advisorInputs.get('shop')!)).toEqual(['lines_per_sec', 'errors_per_sec']);
    expect(pass.updates[0].forecasts[1].crossing?.text).toContain('errors_per_sec cross 14');
    expect(pass.longestSliceMs).toBeLessThanOrEqual(pass.tookMs);
    expect(errors).toEqual([]);
  });
});
