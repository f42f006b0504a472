/** Small numeric helpers shared by the forecasting and anomaly code. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface LinearTrend {
  intercept: number;
  slope: number;
}

/** Least-squares line through (i, values[i]). */
export function linearTrend(values: readonly number[]): LinearTrend {
  const n = values.length;
  if (n < 2) return { intercept: n === 1 ? values[0] : 0, slope: 0 };
  const xMean = (n - 1) / 2;
  const yMean = mean(values);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - xMean) * (values[i] - yMean);
    den += (i - xMean) * (i - xMean);
  }
  const slope = num / den;
  return { intercept: yMean - slope * xMean, slope };
}

/** Mean absolute one-step change: the error of the naive forecast, used to scale MASE. */
export function meanAbsoluteChange(values: readonly number[]): number {
  if (values.length < 2) return 0;
  let sum = 0;
  for (let i = 1; i < values.length; i++) sum += Math.abs(values[i] - values[i - 1]);
  return sum / (values.length - 1);
}
