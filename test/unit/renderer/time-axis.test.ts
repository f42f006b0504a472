import { describe, expect, it } from 'vitest';
import type { RateSeries } from '../../../src/shared/api';
import {
  heatmapBucketSec,
  liveWindow,
  rateStepSec,
  seriesPoints,
  timeAtX,
} from '../../../src/renderer/components/charts/time-axis';

describe('the shared time axis', () => {
  it('asks for 10 s buckets up to an hour and wider ones beyond, at most about 360 columns', () => {
    expect(heatmapBucketSec({ from: 0, to: 60_000 })).toBe(10);
    expect(heatmapBucketSec({ from: 0, to: 3_600_000 })).toBe(10);
    expect(heatmapBucketSec({ from: 0, to: 6 * 3_600_000 })).toBe(60);
    expect(heatmapBucketSec({ from: 0, to: 3_600_001 })).toBe(20);
  });

  it('asks for whole-second rate steps giving at most about 360 points', () => {
    expect(rateStepSec({ from: 0, to: 120_000 })).toBe(1);
    expect(rateStepSec({ from: 0, to: 900_000 })).toBe(3);
    expect(rateStepSec({ from: 0, to: 6 * 3_600_000 })).toBe(60);
  });

  it('ends the live window at the end of the bucket holding now', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 7);
    const w = liveWindow(now, 900_000);
    expect(w.to).toBe(Date.UTC(2026, 0, 1, 12, 0, 10));
    expect(w.to - w.from).toBe(900_000);
  });

  it('maps pixels to times, clamped to the window', () => {
    const w = { from: 1000, to: 2000 };
    expect(timeAtX(w, 100, 200, 100)).toBe(1000);
    expect(timeAtX(w, 100, 200, 200)).toBe(1500);
    expect(timeAtX(w, 100, 200, 999)).toBe(2000);
    expect(timeAtX(w, 100, 200, 0)).toBe(1000);
  });

  it('places rate points mid-step and leaves out steps not over yet', () => {
    const series: RateSeries = {
      from: 0,
      stepMs: 1000,
      times: [0, 1000, 2000],
      apps: [{ app: 'shop', linesPerSec: [1.234, 2, 3], errorsPerSec: [0, 0, 1] }],
    };
    expect(seriesPoints(series, series.apps[0].linesPerSec)).toEqual([
      [500, 1.23],
      [1500, 2],
      [2500, 3],
    ]);
    expect(seriesPoints(series, series.apps[0].linesPerSec, 2500)).toEqual([
      [500, 1.23],
      [1500, 2],
    ]);
  });
});
