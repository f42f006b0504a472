import { mase, maseScale, smape } from './accuracy';
import type { PointForecaster } from './forecast-model';
import { fitWindow } from './history-window';
import { mean } from './series-stats';

export interface BacktestOptions {
  horizon: number;
  /** Season in steps, 1 for none. */
  season: number;
  /** Number of forecast origins over the tail of the series. */
  origins?: number;
  /** Steps between consecutive origins; defaults to the horizon, so scored windows do not overlap. */
  stride?: number;
}

export interface BacktestScore {
  mase: number;
  smape: number;
}

export interface BacktestResult extends BacktestScore {
  /** Forecast origins actually used (index of the first forecast point), oldest first. */
  origins: number[];
  /** errors[o][h] = actual − forecast at origin o, step h + 1. */
  errors: number[][];
  /** The MASE scale of each origin's history. */
  scales: number[];
}

// Twelve windows keep one unlucky window from deciding the model, at a cost that stays bounded.
export const DEFAULT_ORIGINS = 12;

/** Forecast origins ending at the end of the series, each leaving a full horizon of actuals after it. */
export function backtestOrigins(length: number, horizon: number, count: number, stride: number): number[] {
  const origins: number[] = [];
  // A model needs some history to stand on; ten steps is the least any of them can work with.
  for (let k = 0; k < count; k++) {
    const origin = length - horizon - k * stride;
    if (origin < Math.max(10, horizon)) break;
    origins.unshift(origin);
  }
  return origins;
}

/** Rolling-origin evaluation: refit at each origin on the data before it, score the next `horizon` points. */
export function backtest(
  values: readonly number[],
  forecaster: PointForecaster,
  options: BacktestOptions,
): BacktestResult {
  const { horizon, season } = options;
  const stride = options.stride ?? horizon;
  const origins = backtestOrigins(values.length, horizon, options.origins ?? DEFAULT_ORIGINS, stride);
  const errors: number[][] = [];
  const scales: number[] = [];
  const maseScores: number[] = [];
  const smapeScores: number[] = [];
  for (const origin of origins) {
    const history = fitWindow(values.slice(0, origin), season);
    const actual = values.slice(origin, origin + horizon);
    const forecast = forecaster(history, horizon, season);
    const scale = maseScale(history);
    errors.push(actual.map((a, i) => a - forecast[i]));
    scales.push(scale);
    maseScores.push(mase(actual, forecast, scale));
    smapeScores.push(smape(actual, forecast));
  }
  return { mase: mean(maseScores), smape: mean(smapeScores), origins, errors, scales };
}
