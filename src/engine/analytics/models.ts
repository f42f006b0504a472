import type { ModelName, PointForecaster } from './forecast-model';
import { combinationForecast } from './combination';
import { holtWintersForecast } from './holt-winters';
import { naiveForecast, seasonalNaiveForecast } from './naive';
import { thetaForecast } from './theta';

export const FORECASTERS: Record<ModelName, PointForecaster> = {
  naive: (history, horizon) => naiveForecast(history, horizon),
  'seasonal-naive': seasonalNaiveForecast,
  'holt-winters': holtWintersForecast,
  theta: thetaForecast,
  combination: combinationForecast,
};
