import { backtest, type BacktestOptions, type BacktestResult } from './backtest';
import { MODEL_NAMES, type ModelName } from './forecast-model';
import { FORECASTERS } from './models';

export interface ModelSelection {
  model: ModelName;
  /** Backtest of every candidate, so callers can show why the winner won. */
  results: Partial<Record<ModelName, BacktestResult>>;
}

/**
 * Picks the candidate with the lowest rolling-origin MASE. Candidates are listed simplest first and a
 * later one has to be strictly better, so ties go to the simpler model.
 */
export function selectModel(
  values: readonly number[],
  options: BacktestOptions,
  candidates: readonly ModelName[] = MODEL_NAMES,
): ModelSelection {
  const results: Partial<Record<ModelName, BacktestResult>> = {};
  let model: ModelName = candidates[0];
  let bestScore = Infinity;
  for (const candidate of candidates) {
    // Without a season, seasonal naive is naive: skip the duplicate work.
    if (candidate === 'seasonal-naive' && options.season <= 1 && candidates.includes('naive')) continue;
    const result = backtest(values, FORECASTERS[candidate], options);
    results[candidate] = result;
    if (result.mase < bestScore) {
      bestScore = result.mase;
      model = candidate;
    }
  }
  return { model, results };
}
