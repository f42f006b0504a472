import { meanAbsoluteChange } from './series-stats';

/**
 * Scale for MASE: the in-sample one-step naive error. One-step rather than seasonal, so that the score of
 * a series does not depend on which season was detected and models stay comparable across series.
 * Flat histories get a tiny scale instead of zero, so a perfect forecast scores 0 rather than NaN.
 */
export function maseScale(history: readonly number[]): number {
  const scale = meanAbsoluteChange(history);
  if (scale > 0) return scale;
  const last = history.length > 0 ? Math.abs(history[history.length - 1]) : 0;
  return 1e-6 * (1 + last);
}

/** Mean absolute scaled error of a forecast against what happened. */
export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  return sum / actual.length / scale;
}

/** Symmetric mean absolute percentage error, in percent (0–200); points where both are 0 count as 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (denominator > 0) sum += (2 * Math.abs(actual[i] - forecast[i])) / denominator;
  }
  return (100 * sum) / actual.length;
}
