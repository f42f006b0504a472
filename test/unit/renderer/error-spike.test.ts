import { describe, expect, it } from 'vitest';
import {
  findErrorSpikes,
  median,
  SpikeNotifications,
} from '../../../src/renderer/components/profiles/error-spike';
import type { RateSeries } from '../../../src/shared/api';

const STEP = 10_000;

/**
 * A series of errors/s per app, one value per 10 s step starting at 0, plus the step in progress. Lines/s
 * are ten times the errors, at least 1 (a null error rate marks a step without any line).
 */
function series(apps: Record<string, (number | null)[]>): { rates: RateSeries; now: number } {
  const steps = Math.max(...Object.values(apps).map((v) => v.length));
  const times = Array.from({ length: steps }, (_, i) => i * STEP);
  return {
    rates: {
      from: 0,
      stepMs: STEP,
      times,
      apps: Object.entries(apps).map(([app, errorsPerSec]) => ({
        app,
        errorsPerSec: errorsPerSec.map((e) => e ?? 0),
        linesPerSec: errorsPerSec.map((e) => (e === null ? 0 : Math.max(1, e * 10))),
      })),
    },
    // The last listed step is complete; the one after it is in progress.
    now: steps * STEP + 1,
  };
}

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('findErrorSpikes', () => {
  it('finds a jump well above a noisy but steady level, naming the app and its usual rate', () => {
    const { rates, now } = series({ checkout: [2, 3, 2, 4, 3, 2, 3, 25], search: [1, 1, 2, 1, 1, 2, 1, 2] });
    const spikes = findErrorSpikes(rates, now);
    expect(spikes).toEqual([
      expect.objectContaining({ app: 'checkout', rate: 25, baseline: 3, at: 7 * STEP }),
    ]);
    expect(spikes[0].threshold).toBeLessThan(25);
  });

  it('ignores ordinary noise, and quiet services going from nothing to a trickle', () => {
    const noisy = series({ a: [2, 3, 2, 4, 3, 2, 3, 5] });
    expect(findErrorSpikes(noisy.rates, noisy.now)).toEqual([]);
    const quiet = series({ a: [0, 0, 0, 0, 0, 0, 0, 0.3] });
    expect(findErrorSpikes(quiet.rates, quiet.now)).toEqual([]);
    const woke = series({ a: [0, 0, 0, 0, 0, 0, 0, 2] });
    expect(findErrorSpikes(woke.rates, woke.now).map((s) => s.app)).toEqual(['a']);
  });

  it('is not fooled by an earlier burst in the history', () => {
    const { rates, now } = series({ a: [2, 40, 2, 3, 2, 2, 3, 30] });
    expect(findErrorSpikes(rates, now).map((s) => s.app)).toEqual(['a']);
  });

  it('does not take the time before the first line for a quiet level', () => {
    const start = series({ a: [null, null, null, null, null, null, null, 2, 2, 3] });
    expect(findErrorSpikes(start.rates, start.now)).toEqual([]);
    const later = series({ a: [null, null, 2, 2, 3, 2, 2, 3, 2, 20] });
    expect(findErrorSpikes(later.rates, later.now)).toEqual([
      expect.objectContaining({ app: 'a', baseline: 2 }),
    ]);
  });

  it('leaves out the step still in progress and needs enough history', () => {
    const { rates, now } = series({ a: [2, 3, 2, 4, 3, 2, 3, 25] });
    expect(findErrorSpikes(rates, now - 2)).toEqual([]);
    const short = series({ a: [2, 3, 25] });
    expect(findErrorSpikes(short.rates, short.now)).toEqual([]);
  });
});

describe('SpikeNotifications', () => {
  it('notifies once per app within the quiet period', () => {
    const notifications = new SpikeNotifications(60_000);
    expect(notifications.due('a', 0)).toBe(true);
    expect(notifications.due('a', 30_000)).toBe(false);
    expect(notifications.due('b', 30_000)).toBe(true);
    expect(notifications.due('a', 60_000)).toBe(true);
    notifications.reset();
    expect(notifications.due('a', 60_001)).toBe(true);
  });
});
