import { linearTrend } from './series-stats';
import { seasonalIndices } from './seasonal-decomposition';

/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000, in Hyndman & Billah's form): simple
 * exponential smoothing plus a drift of half the slope of the series' linear trend, computed on the
 * seasonally adjusted series and reseasonalised afterwards.
 */
export function thetaForecast(history: readonly number[], horizon: number, season: number): number[] {
  const n = history.length;
  if (n < 3) return new Array<number>(horizon).fill(history[n - 1] ?? NaN);
  const indices = seasonalIndices(history, season);
  const adjusted = indices ? history.map((v, i) => v - indices[i % season]) : history;

  const { slope } = linearTrend(adjusted);
  const alpha = fitSesAlpha(adjusted);
  const level = sesLevel(adjusted, alpha).level;
  const decay = Math.pow(1 - alpha, n) / alpha;
  return Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    const seasonal = indices ? indices[(n + i) % season] : 0;
    return level + (slope / 2) * (h - 1 + 1 / alpha - decay) + seasonal;
  });
}

function sesLevel(values: readonly number[], alpha: number): { level: number; sse: number } {
  let level = values[0];
  let sse = 0;
  for (let t = 1; t < values.length; t++) {
    const error = values[t] - level;
    sse += error * error;
    level += alpha * error;
  }
  return { level, sse };
}

/** Golden-section search of the SES smoothing weight on one-step squared error. */
function fitSesAlpha(values: readonly number[]): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = 0.01;
  let hi = 0.99;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = sesLevel(values, a).sse;
  let fb = sesLevel(values, b).sse;
  for (let i = 0; i < 30; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = sesLevel(values, a).sse;
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = sesLevel(values, b).sse;
    }
  }
  return (lo + hi) / 2;
}
