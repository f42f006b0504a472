import { describe, expect, it } from 'vitest';
import {
  bucketSamples,
  fillGaps,
  meanAcross,
  ratioSeries,
} from '../../../src/engine/analytics/series-builder';

describe('series building', () => {
  it('drops leading gaps, interpolates inner ones and carries the last value forward', () => {
    expect(fillGaps([null, null, 1, null, 3, null])).toEqual({ offset: 2, values: [1, 2, 3, 3], filled: 2 });
    expect(fillGaps([null, null])).toBeNull();
    expect(fillGaps([5])).toEqual({ offset: 0, values: [5], filled: 0 });
  });

  it('averages samples per bucket and leaves empty buckets null', () => {
    const samples = [
      { ts: 1000, value: 2 },
      { ts: 1500, value: 4 },
      { ts: 3100, value: 10 },
      { ts: 99_000, value: 1 },
    ];
    expect(bucketSamples(samples, 1000, 1000, 4)).toEqual([3, null, 10, null]);
  });

  it('averages hosts where they have values, and divides only where the denominator is not zero', () => {
    expect(
      meanAcross([
        [1, null, 3],
        [3, 4],
      ]),
    ).toEqual([2, 4, 3]);
    expect(ratioSeries([1, 0, 2], [4, 0, 8])).toEqual([0.25, null, 0.25]);
  });
});
