import { describe, expect, it } from 'vitest';
import { fitHoltWinters, holtWintersForecast } from '../../../src/engine/analytics/holt-winters';
import { naiveForecast, seasonalNaiveForecast } from '../../../src/engine/analytics/naive';
import { thetaForecast } from '../../../src/engine/analytics/theta';
import { synthetic } from './synthetic';

const maxAbsError = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('naive forecasts', () => {
  it('repeats the last value', () => {
    expect(naiveForecast([3, 4, 5], 3)).toEqual([5, 5, 5]);
  });

  it('repeats the last full season', () => {
    expect(seasonalNaiveForecast([1, 2, 3, 10, 20, 30], 5, 3)).toEqual([10, 20, 30, 10, 20]);
  });

  it('falls back to naive with less than one season of history', () => {
    expect(seasonalNaiveForecast([1, 2], 2, 3)).toEqual([2, 2]);
  });
});

describe('Holt-Winters', () => {
  it('follows a noiseless seasonal pattern with a trend', () => {
    const full = synthetic({ length: 24 * 10 + 24, level: 100, slope: 0.2, season: 24, amplitude: 15 });
    const forecast = holtWintersForecast(full.slice(0, -24), 24, 24);
    expect(maxAbsError(forecast, full.slice(-24))).toBeLessThan(1.5);
  });

  it('damps the trend, so a long horizon flattens instead of running away', () => {
    const ramp = synthetic({ length: 300, slope: 1, noise: 0.5, seed: 4 });
    const forecast = holtWintersForecast(ramp, 200, 1);
    const earlyGain = forecast[19] - forecast[0];
    const lateGain = forecast[199] - forecast[180];
    expect(earlyGain).toBeGreaterThan(5);
    expect(lateGain).toBeLessThan(earlyGain);
  });

  it('keeps its fitted parameters inside the admissible region', () => {
    const series = synthetic({ length: 500, level: 10, season: 12, amplitude: 3, noise: 1, seed: 8 });
    const { params } = fitHoltWinters(series, 12);
    expect(params.alpha).toBeGreaterThan(0);
    expect(params.alpha).toBeLessThan(1);
    expect(params.beta).toBeLessThanOrEqual(params.alpha);
    expect(params.gamma).toBeLessThanOrEqual(1 - params.alpha);
    expect(params.phi).toBeGreaterThanOrEqual(0.8);
    expect(params.phi).toBeLessThanOrEqual(0.98);
  });
});

describe('Theta', () => {
  it('continues a linear trend at half its slope on top of the smoothed level', () => {
    const line = Array.from({ length: 200 }, (_, t) => 2 * t);
    const forecast = thetaForecast(line, 10, 1);
    // On a perfect line SES lags the end by slope·(1−α)/α; the theta drift adds back slope/2 per step.
    expect(forecast[9] - forecast[0]).toBeCloseTo(9, 5);
  });

  it('reseasonalises the forecast of a seasonal series', () => {
    const full = synthetic({
      length: 24 * 10 + 24,
      level: 50,
      season: 24,
      amplitude: 10,
      noise: 0.5,
      seed: 6,
    });
    const forecast = thetaForecast(full.slice(0, -24), 24, 24);
    expect(maxAbsError(forecast, full.slice(-24))).toBeLessThan(3);
  });

  it('forecasts a constant series as that constant', () => {
    expect(thetaForecast(new Array(50).fill(7), 3, 1)).toEqual([7, 7, 7]);
  });
});
