import { describe, expect, it } from 'vitest';
import {
  describeCrossing,
  formatDuration,
  timeToThreshold,
} from '../../../src/engine/analytics/time-to-threshold';

const MINUTE = 60_000;
const ramp = (from: number, step: number, n: number) =>
  Array.from({ length: n }, (_, i) => from + step * (i + 1));

describe('time to threshold', () => {
  // Errors/s rising by 5 a minute from 20, the interval ±10 around it.
  const forecast = ramp(20, 5, 20);
  const prediction = {
    forecast,
    lower: forecast.map((v) => v - 10),
    upper: forecast.map((v) => v + 10),
    level: 0.8,
  };

  it('finds when the point forecast and each interval bound cross a rising threshold', () => {
    const crossing = timeToThreshold(20, prediction, 50, MINUTE);
    expect(crossing.direction).toBe('rising');
    expect(crossing.expectedMs).toBe(6 * MINUTE);
    expect(crossing.earliestMs).toBe(4 * MINUTE);
    expect(crossing.latestMs).toBe(8 * MINUTE);
  });

  it('describes the crossing in one sentence', () => {
    const crossing = timeToThreshold(20, prediction, 50, MINUTE);
    expect(describeCrossing('errors/s', crossing)).toBe(
      'errors/s cross 50 in about 6 min, 80% interval 4–8 min',
    );
  });

  it('interpolates between steps', () => {
    const crossing = timeToThreshold(20, prediction, 52.5, MINUTE);
    expect(crossing.expectedMs).toBeCloseTo(6.5 * MINUTE, 6);
  });

  it('reports a crossing beyond the horizon as null and says the interval allows it', () => {
    const crossing = timeToThreshold(20, prediction, 125, MINUTE);
    expect(crossing.expectedMs).toBeNull();
    expect(crossing.earliestMs).toBe(19 * MINUTE);
    expect(describeCrossing('errors/s', crossing)).toBe(
      'errors/s stay below 125 for the next 20 min; the 80% interval allows it to rise above it in 19 min',
    );
  });

  it('says when only the far bound crosses within the horizon', () => {
    const crossing = timeToThreshold(20, prediction, 115, MINUTE);
    expect(describeCrossing('errors/s', crossing)).toBe(
      'errors/s cross 115 in about 19 min, 80% interval 17 min–beyond 20 min',
    );
  });

  it('handles a falling threshold, such as free memory dropping below a floor', () => {
    const falling = ramp(100, -10, 12);
    const crossing = timeToThreshold(
      100,
      { forecast: falling, lower: falling.map((v) => v - 5), upper: falling.map((v) => v + 5), level: 0.8 },
      40,
      MINUTE,
    );
    expect(crossing.direction).toBe('falling');
    expect(crossing.expectedMs).toBe(6 * MINUTE);
    expect(crossing.earliestMs).toBe(5.5 * MINUTE);
    expect(crossing.latestMs).toBe(6.5 * MINUTE);
  });

  it('keeps a given direction: a limit already exceeded is crossed', () => {
    const crossing = timeToThreshold(80, prediction, 60, MINUTE, 'rising');
    expect(crossing).toMatchObject({ direction: 'rising', alreadyCrossed: true, expectedMs: 0 });
  });

  it('reports a threshold that the last value already meets', () => {
    const crossing = timeToThreshold(60, prediction, 60, MINUTE);
    expect(crossing.alreadyCrossed).toBe(true);
    expect(describeCrossing('errors/s', crossing)).toBe('errors/s is already at or above 60');
  });

  it('formats durations in the unit a person would use', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(6 * MINUTE)).toBe('6 min');
    expect(formatDuration(150 * MINUTE)).toBe('2.5 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
});
