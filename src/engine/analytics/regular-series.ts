import { median } from './series-stats';
import type { TimedValue } from './series-csv';

export interface RegularSeries {
  start: number;
  /** Step between points in milliseconds: the median gap of the input (the mean one when it is jittered). */
  step: number;
  values: number[];
  /** How many grid points had no observation and were interpolated. */
  filled: number;
}

// A series whose gaps would blow it up past this many times its length is not one series; refuse it.
const MAX_GROWTH = 20;
/** A grid with room for fewer than this share of the distinct times loses too many of them. */
const COLLISION_SHARE = 0.95;

/**
 * Puts irregular observations on a grid at their median spacing: points sharing a grid slot are averaged,
 * empty slots are linearly interpolated. Input need not be sorted.
 */
export function regularise(points: readonly TimedValue[]): RegularSeries {
  if (points.length === 0) throw new RangeError('cannot regularise an empty series');
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  const start = sorted[0].ts;
  if (sorted.length === 1) return { start, step: 0, values: [sorted[0].value], filled: 0 };
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].ts > sorted[i - 1].ts) gaps.push(sorted[i].ts - sorted[i - 1].ts);
  if (gaps.length === 0) throw new RangeError('every point has the same timestamp; there is no time step');
  const span = sorted[sorted.length - 1].ts - start;
  // Jittered sampling (a scrape every 60 s, ±10 s) can make the median gap longer than the mean one; a
  // grid at it would have fewer slots than the series has times, averaging neighbours away. The mean
  // spacing of the distinct times holds them all.
  const medianStep = median(gaps);
  const step =
    span / medianStep + 1 < COLLISION_SHARE * (gaps.length + 1) ? Math.round(span / gaps.length) : medianStep;
  const slots = Math.round(span / step) + 1;
  if (slots > MAX_GROWTH * sorted.length) {
    throw new RangeError(
      `timestamps span ${slots} steps of ${step} ms for ${sorted.length} points; too sparse to regularise`,
    );
  }

  const sums = new Float64Array(slots);
  const counts = new Uint32Array(slots);
  for (const p of sorted) {
    const slot = Math.round((p.ts - start) / step);
    sums[slot] += p.value;
    counts[slot]++;
  }
  const values = new Array<number>(slots);
  let previous = -1;
  let filled = 0;
  for (let i = 0; i < slots; i++) {
    if (counts[i] === 0) continue;
    values[i] = sums[i] / counts[i];
    for (let j = previous + 1; j < i; j++) {
      values[j] = values[previous] + ((values[i] - values[previous]) * (j - previous)) / (i - previous);
      filled++;
    }
    previous = i;
  }
  return { start, step, values, filled };
}
