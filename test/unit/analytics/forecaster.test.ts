import { describe, expect, it } from 'vitest';
import { backtest, backtestOrigins } from '../../../src/engine/analytics/backtest';
import { forecastSeries } from '../../../src/engine/analytics/forecaster';
import { selectModel } from '../../../src/engine/analytics/model-selection';
import { FORECASTERS } from '../../../src/engine/analytics/models';
import { randomWalk, synthetic } from './synthetic';

describe('rolling-origin backtest', () => {
  it('places non-overlapping origins over the tail, each followed by a full horizon', () => {
    expect(backtestOrigins(100, 10, 3, 10)).toEqual([70, 80, 90]);
  });

  it('uses fewer origins when the series is short rather than forecasting from almost nothing', () => {
    expect(backtestOrigins(40, 10, 12, 10)).toEqual([10, 20, 30]);
  });

  it('scores a perfect forecaster with MASE 0', () => {
    const line = Array.from({ length: 200 }, (_, t) => t);
    const perfect = (history: readonly number[], horizon: number) =>
      Array.from({ length: horizon }, (_, h) => history.length + h);
    expect(backtest(line, perfect, { horizon: 5, season: 1 }).mase).toBe(0);
  });

  it('scores naive on a random walk near 1 at horizon 1, by the definition of MASE', () => {
    const walk = randomWalk(3000, 21);
    const result = backtest(walk, FORECASTERS.naive, { horizon: 1, season: 1, origins: 500 });
    expect(result.mase).toBeGreaterThan(0.8);
    expect(result.mase).toBeLessThan(1.2);
  });
});

describe('model selection', () => {
  it('picks a seasonal model for a strongly seasonal series', () => {
    const series = synthetic({ length: 24 * 30, level: 100, season: 24, amplitude: 20, noise: 2, seed: 12 });
    const { model } = selectModel(series, { horizon: 12, season: 24 });
    expect(['seasonal-naive', 'holt-winters', 'theta']).toContain(model);
  });

  it('does not pick seasonal naive when there is no season to repeat', () => {
    const { model, results } = selectModel(randomWalk(1500, 3), { horizon: 12, season: 1 });
    expect(model).not.toBe('seasonal-naive');
    expect(results['seasonal-naive']).toBeUndefined();
  });
});

describe('forecastSeries', () => {
  const series = synthetic({ length: 24 * 40, level: 200, season: 24, amplitude: 30, noise: 5, seed: 31 });

  it('returns the chosen model, the detected season and a forecast of the requested length', () => {
    const result = forecastSeries(series, { horizon: 24 });
    expect(result.season).toBe(24);
    expect(result.forecast).toHaveLength(24);
    expect(Object.keys(result.candidates).length).toBeGreaterThan(1);
    expect(result.backtest.mase).toBeLessThan(1);
  });

  it('brackets the point forecast with an interval that widens or holds with the horizon', () => {
    const result = forecastSeries(series, { horizon: 24 });
    const widths = result.forecast.map((_, i) => result.upper[i] - result.lower[i]);
    result.forecast.forEach((v, i) => {
      expect(result.lower[i]).toBeLessThan(v);
      expect(result.upper[i]).toBeGreaterThan(v);
    });
    widths.slice(1).forEach((w, i) => expect(w).toBeGreaterThanOrEqual(widths[i] - 1e-9));
  });

  it('covers roughly the stated share of held-out points with its 80% interval', () => {
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const full = synthetic({ length: 24 * 30 + 12, level: 50, season: 24, amplitude: 10, noise: 3, seed });
      const result = forecastSeries(full.slice(0, -12), { horizon: 12 });
      full.slice(-12).forEach((actual, i) => {
        total++;
        if (actual >= result.lower[i] && actual <= result.upper[i]) covered++;
      });
    }
    expect(covered / total).toBeGreaterThan(0.65);
    expect(covered / total).toBeLessThan(0.97);
  });

  it('widens the interval for a higher level', () => {
    const narrow = forecastSeries(series, { horizon: 6, model: 'theta', level: 0.5 });
    const wide = forecastSeries(series, { horizon: 6, model: 'theta', level: 0.95 });
    expect(wide.upper[0] - wide.lower[0]).toBeGreaterThan(narrow.upper[0] - narrow.lower[0]);
  });

  it('uses the requested model without trying the others', () => {
    const result = forecastSeries(series, { horizon: 6, model: 'holt-winters' });
    expect(result.model).toBe('holt-winters');
    expect(result.candidates).toEqual({});
  });

  it('keeps the forecast of a series that never went below zero at or above zero, and not others', () => {
    // Spiky counts: wide intervals around a low level.
    const counts = Array.from({ length: 24 * 20 }, (_, i) => (i % 37 === 0 ? 200 : 3 + (i % 5)));
    const result = forecastSeries(counts, { horizon: 12, model: 'naive' });
    expect(Math.min(...result.lower)).toBe(0);
    const shifted = counts.map((v) => v - 1000);
    const below = forecastSeries(shifted, { horizon: 12, model: 'naive' });
    expect(Math.min(...below.lower)).toBeLessThan(-1000);
  });

  it('rejects a horizon that is not a positive whole number', () => {
    expect(() => forecastSeries(series, { horizon: 0 })).toThrow(/horizon/);
  });

  it('fits a long series in bounded time by using only its recent history', () => {
    const long = synthetic({ length: 50_000, level: 10, season: 288, amplitude: 3, noise: 1, seed: 2 });
    const started = performance.now();
    forecastSeries(long, { horizon: 48, stepMs: 5 * 60_000 });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
