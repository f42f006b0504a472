import type { BacktestResult } from './backtest';
import { normalQuantile } from './normal-quantile';

export interface PredictionInterval {
  lower: number[];
  upper: number[];
}

/**
 * Intervals from the model's own backtest errors: the spread at step h is the root mean square error of
 * the backtest at steps near h (a ±30% band, since a handful of origins gives too few errors per step),
 * made non-decreasing with h and never narrower than `minSpread` so they do not collapse on quiet data.
 */
export function intervalsFromBacktest(
  point: readonly number[],
  backtest: BacktestResult,
  level: number,
  minSpread: number,
): PredictionInterval {
  const z = normalQuantile(0.5 + level / 2);
  const steps = backtest.errors[0]?.length ?? 0;
  const lower: number[] = [];
  const upper: number[] = [];
  let spread = minSpread;
  for (let h = 1; h <= point.length; h++) {
    if (steps > 0) {
      const from = Math.max(1, Math.floor(h * 0.7));
      const to = Math.min(steps, Math.max(Math.ceil(h * 1.3), from + 1));
      spread = Math.max(spread, rootMeanSquare(backtest.errors, from, to));
    }
    lower.push(point[h - 1] - z * spread);
    upper.push(point[h - 1] + z * spread);
  }
  return { lower, upper };
}

function rootMeanSquare(errors: readonly number[][], fromStep: number, toStep: number): number {
  let sum = 0;
  let count = 0;
  for (const row of errors) {
    for (let h = fromStep; h <= Math.min(toStep, row.length); h++) {
      sum += row[h - 1] * row[h - 1];
      count++;
    }
  }
  return count > 0 ? Math.sqrt(sum / count) : 0;
}
