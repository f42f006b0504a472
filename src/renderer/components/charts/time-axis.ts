import type { RateSeries } from '../../../shared/api';

// The one time axis the heatmap and the rate charts share, and the resolutions asked of the engine for it.

export interface TimeWindow {
  from: number;
  to: number;
}

/** Columns the heatmap aims for across its axis (an hour of 10 s buckets). */
export const TARGET_BUCKETS = 360;
/** The engine keeps heatmap counts in 10 s buckets. */
export const HEATMAP_GRAIN_SEC = 10;

/** Heatmap bucket width for a window: a multiple of 10 s giving at most about 360 columns. */
export function heatmapBucketSec(window: TimeWindow): number {
  const seconds = Math.max(0, window.to - window.from) / 1000;
  return Math.max(1, Math.ceil(seconds / HEATMAP_GRAIN_SEC / TARGET_BUCKETS)) * HEATMAP_GRAIN_SEC;
}

/** Rate step for a window: whole seconds giving at most about 360 points. */
export function rateStepSec(window: TimeWindow): number {
  const seconds = Math.max(0, window.to - window.from) / 1000;
  return Math.min(3600, Math.max(1, Math.ceil(seconds / TARGET_BUCKETS)));
}

/** The live window: the last `spanMs` up to the end of the bucket holding `now`. */
export function liveWindow(now: number, spanMs: number): TimeWindow {
  const bucketMs = heatmapBucketSec({ from: now - spanMs, to: now }) * 1000;
  const to = Math.ceil(now / bucketMs) * bucketMs;
  return { from: to - spanMs, to };
}

/**
 * ECharts line data of one application: [time, value] pairs at the middle of each step, leaving out steps
 * not over by `until` (a step still filling would dip towards zero at the live edge).
 */
export function seriesPoints(
  series: RateSeries,
  values: readonly number[],
  until = Infinity,
): [number, number][] {
  const half = series.stepMs / 2;
  const points: [number, number][] = [];
  series.times.forEach((t, i) => {
    if (t + series.stepMs <= until) points.push([t + half, roundRate(values[i] ?? 0)]);
  });
  return points;
}

function roundRate(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The time under x on a plot spanning [from, to) over `width` pixels from `left`, clamped to the window. */
export function timeAtX(window: TimeWindow, left: number, width: number, x: number): number {
  const f = Math.min(1, Math.max(0, (x - left) / width));
  return Math.round(window.from + f * (window.to - window.from));
}

/** "14:02:10" for a time on the axis, or with the date when the window spans days. */
export function formatTime(ms: number, withDate = false): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString('en-GB', { hour12: false });
  return withDate ? `${d.toISOString().slice(0, 10)} ${time}` : time;
}
