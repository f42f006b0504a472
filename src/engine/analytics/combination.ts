import { holtWintersForecast } from './holt-winters';
import { seasonalNaiveForecast } from './naive';
import { thetaForecast } from './theta';

/**
 * The mean of seasonal naive, Holt-Winters and Theta. Averaging models whose errors differ is the most
 * reliable single lesson of the M forecasting competitions: it is rarely the best, and rarely bad.
 */
export function combinationForecast(history: readonly number[], horizon: number, season: number): number[] {
  const forecasts = [
    seasonalNaiveForecast(history, horizon, season),
    holtWintersForecast(history, horizon, season),
    thetaForecast(history, horizon, season),
  ];
  return Array.from(
    { length: horizon },
    (_, h) => forecasts.reduce((sum, f) => sum + f[h], 0) / forecasts.length,
  );
}
