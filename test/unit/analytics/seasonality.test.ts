import { describe, expect, it } from 'vitest';
import { autocorrelation, calendarLags, detectSeason } from '../../../src/engine/analytics/seasonality';
import { randomWalk, seededNormal, synthetic } from './synthetic';

const HOUR = 3_600_000;

describe('season detection', () => {
  it('finds a daily season in hourly data', () => {
    const hourly = synthetic({ length: 24 * 21, level: 50, season: 24, amplitude: 10, noise: 3, seed: 7 });
    expect(detectSeason(hourly)).toBe(24);
  });

  it('finds the daily period of five-minute data when told the step', () => {
    const fiveMinute = synthetic({
      length: 288 * 6,
      level: 20,
      season: 288,
      amplitude: 5,
      noise: 2,
      seed: 3,
    });
    expect(detectSeason(fiveMinute, { stepMs: 5 * 60_000 })).toBe(288);
  });

  it('finds a non-calendar cycle, such as a batch job every 17 steps', () => {
    const batch = synthetic({ length: 600, season: 17, amplitude: 4, noise: 1, seed: 11 });
    expect(detectSeason(batch, { stepMs: 60_000 })).toBe(17);
  });

  it('finds the season under a strong linear trend', () => {
    const trending = synthetic({ length: 24 * 14, slope: 0.5, season: 24, amplitude: 6, noise: 2, seed: 5 });
    expect(detectSeason(trending)).toBe(24);
  });

  it('reports no season for white noise', () => {
    const normal = seededNormal(42);
    expect(detectSeason(Array.from({ length: 2000 }, normal))).toBeNull();
  });

  it('reports no season for a random walk', () => {
    expect(detectSeason(randomWalk(2000, 9))).toBeNull();
  });

  it('reports no season when the series holds fewer than three cycles of any candidate', () => {
    expect(detectSeason(synthetic({ length: 8, season: 4, amplitude: 1 }))).toBeNull();
  });

  it('ignores seasons longer than the maximum lag', () => {
    const long = synthetic({ length: 3000, season: 500, amplitude: 10, noise: 1, seed: 2 });
    expect(detectSeason(long, { maxLag: 100 })).toBeNull();
  });

  it('offers the hourly, daily and weekly periods that the step divides exactly', () => {
    expect(calendarLags(5 * 60_000)).toEqual([12, 288, 2016]);
    expect(calendarLags(HOUR)).toEqual([24, 168]);
    expect(calendarLags(11 * 60_000)).toEqual([]);
  });

  it('computes an autocorrelation of 1 at lag 0 and -1 for an alternating series at lag 1', () => {
    const acf = autocorrelation([1, -1, 1, -1, 1, -1, 1, -1], 1);
    expect(acf[0]).toBe(1);
    expect(acf[1]).toBeCloseTo(-7 / 8, 10);
  });
});
