/**
 * Turns per-bucket observations into the regular, gap-free series the forecasters need. A bucket with no
 * observation is `null`: leading gaps are dropped (the metric did not exist yet), inner gaps are
 * interpolated, and trailing gaps carry the last value forward (a metric command that missed a beat).
 */

export type GappySeries = (number | null)[];

export interface FilledSeries {
  /** Buckets dropped from the start of the input. */
  offset: number;
  values: number[];
  /** Buckets that had no observation and were filled. */
  filled: number;
}

export function fillGaps(values: GappySeries): FilledSeries | null {
  const first = values.findIndex((v) => v !== null && Number.isFinite(v));
  if (first < 0) return null;
  const out: number[] = [];
  let filled = 0;
  let previous = first;
  out.push(values[first]!);
  for (let i = first + 1; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const from = out[previous - first];
    for (let j = previous + 1; j < i; j++) {
      out.push(from + ((v - from) * (j - previous)) / (i - previous));
      filled++;
    }
    out.push(v);
    previous = i;
  }
  const last = out[out.length - 1];
  for (let j = previous + 1; j < values.length; j++) {
    out.push(last);
    filled++;
  }
  return { offset: first, values: out, filled };
}

export interface TimedSample {
  ts: number;
  value: number;
}

/** The mean of the samples in each of `count` buckets of `stepMs` from `start`; null where none fell. */
export function bucketSamples(
  samples: readonly TimedSample[],
  start: number,
  stepMs: number,
  count: number,
): GappySeries {
  const sums = new Float64Array(count);
  const counts = new Uint32Array(count);
  for (const { ts, value } of samples) {
    if (!Number.isFinite(value)) continue;
    const i = Math.floor((ts - start) / stepMs);
    if (i < 0 || i >= count) continue;
    sums[i] += value;
    counts[i]++;
  }
  return Array.from(sums, (sum, i) => (counts[i] > 0 ? sum / counts[i] : null));
}

/** Bucket by bucket, the mean of the series that have a value there (hosts of one application). */
export function meanAcross(series: readonly GappySeries[]): GappySeries {
  const length = series.reduce((max, s) => Math.max(max, s.length), 0);
  const out: GappySeries = new Array(length).fill(null);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    let n = 0;
    for (const s of series) {
      const v = s[i];
      if (v !== null && v !== undefined) {
        sum += v;
        n++;
      }
    }
    out[i] = n > 0 ? sum / n : null;
  }
  return out;
}

/** numerator / denominator bucket by bucket; null where the denominator is zero (nothing to divide). */
export function ratioSeries(numerator: readonly number[], denominator: readonly number[]): GappySeries {
  return denominator.map((d, i) => (d > 0 ? numerator[i] / d : null));
}
