import { maseScale } from './accuracy';
import { backtest, type BacktestScore } from './backtest';
import type { ModelName } from './forecast-model';
import { fitWindow } from './history-window';
import { selectModel } from './model-selection';
import { FORECASTERS } from './models';
import { intervalsFromBacktest } from './prediction-intervals';
import { detectSeason } from './seasonality';

export interface ForecastOptions {
  horizon: number;
  /** A model by name, or 'auto' to pick by backtest (the default). */
  model?: ModelName | 'auto';
  /** Central coverage of the prediction interval, 0.8 by default. */
  level?: number;
  /** Time step in milliseconds, which lets season detection try hourly, daily and weekly periods. */
  stepMs?: number;
  /** Season in steps to use instead of detecting one; null forces none. */
  season?: number | null;
  /** Backtest origins used for selection and for the interval widths. */
  origins?: number;
}

export interface SeriesForecast {
  model: ModelName;
  season: number | null;
  level: number;
  forecast: number[];
  lower: number[];
  upper: number[];
  backtest: BacktestScore;
  /** Backtest score of every model tried when the model was picked automatically. */
  candidates: Partial<Record<ModelName, BacktestScore>>;
}

/** Forecasts the next `horizon` steps of a regular series, with the model and season it chose. */
export function forecastSeries(values: readonly number[], options: ForecastOptions): SeriesForecast {
  const { horizon } = options;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  if (values.length === 0) throw new RangeError('cannot forecast an empty series');
  const level = options.level ?? 0.8;
  if (!(level > 0 && level < 1)) throw new RangeError(`interval level must be between 0 and 1, got ${level}`);

  const season =
    options.season === undefined ? detectSeason(values, { stepMs: options.stepMs }) : options.season;
  const backtestOptions = { horizon, season: season ?? 1, origins: options.origins };
  const requested = options.model ?? 'auto';
  let model: ModelName;
  let candidates: Partial<Record<ModelName, BacktestScore>> = {};
  let evaluation;
  if (requested === 'auto') {
    const selection = selectModel(values, backtestOptions);
    model = selection.model;
    evaluation = selection.results[model]!;
    candidates = Object.fromEntries(
      Object.entries(selection.results).map(([name, r]) => [name, { mase: r.mase, smape: r.smape }]),
    );
  } else {
    model = requested;
    evaluation = backtest(values, FORECASTERS[model], backtestOptions);
  }

  const history = fitWindow(values, season ?? 1);
  const forecast = FORECASTERS[model](history, horizon, season ?? 1);
  const intervals = intervalsFromBacktest(forecast, evaluation, level, maseScale(history));
  // A series that never went below zero (counts, rates, utilisation, latency) is not forecast below it.
  const floor = values.every((v) => v >= 0) ? atLeastZero : (xs: number[]) => xs;
  return {
    model,
    season,
    level,
    forecast: floor(forecast),
    lower: floor(intervals.lower),
    upper: floor(intervals.upper),
    backtest: { mase: evaluation.mase, smape: evaluation.smape },
    candidates,
  };
}

function atLeastZero(xs: number[]): number[] {
  return xs.map((x) => Math.max(0, x));
}
