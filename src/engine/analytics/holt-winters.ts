import { seasonalIndices } from './seasonal-decomposition';
import { linearTrend } from './series-stats';
import { nelderMead } from './nelder-mead';

/** Additive Holt-Winters with a damped trend (ETS(A,Ad,A)); without a season it is damped Holt. */
export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface HoltWintersFit {
  params: HoltWintersParams;
  level: number;
  trend: number;
  /** Seasonal components for the next `season` steps, in order. */
  nextSeasonal: number[];
  oneStepSse: number;
}

// Enough evaluations for 3–4 smoothing parameters to settle; bounded so a fit costs O(250 × n).
const MAX_EVALUATIONS = 250;
const PHI_MIN = 0.8;
const PHI_RANGE = 0.18;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** Unconstrained vector → admissible parameters: 0<α<1, 0<β<α, 0<γ<1−α, 0.8<φ<0.98. */
function toParams(x: readonly number[], seasonal: boolean): HoltWintersParams {
  const alpha = logistic(x[0]);
  return {
    alpha,
    beta: alpha * logistic(x[1]),
    gamma: seasonal ? (1 - alpha) * logistic(x[3]) : 0,
    phi: PHI_MIN + PHI_RANGE * logistic(x[2]),
  };
}

interface State {
  level: number;
  trend: number;
  /** seasonal[t % m] is the component for time t. */
  seasonal: number[];
}

function initialState(values: readonly number[], m: number): State {
  if (m > 1) {
    // Seasonal states start from a decomposition of the whole window, not just its first cycle, which
    // would bake one cycle's noise into every later forecast; level and trend from the first two cycles.
    const seasonal = seasonalIndices(values, m) ?? new Array<number>(m).fill(0);
    const line = linearTrend(values.slice(0, 2 * m).map((v, i) => v - seasonal[i % m]));
    return { level: line.intercept - line.slope, trend: line.slope, seasonal };
  }
  const span = Math.min(values.length - 1, 10);
  const trend = span > 0 ? (values[span] - values[0]) / span : 0;
  return { level: values[0] - trend, trend, seasonal: [0] };
}

/** Runs the smoothing recursions over the series; returns the final state and the one-step SSE. */
function run(values: readonly number[], start: State, p: HoltWintersParams): State & { sse: number } {
  const m = start.seasonal.length;
  const seasonal = [...start.seasonal];
  let { level, trend } = start;
  let sse = 0;
  for (let t = 0; t < values.length; t++) {
    const s = seasonal[t % m];
    const damped = p.phi * trend;
    const error = values[t] - (level + damped + s);
    // The first cycle helped set the initial state; scoring it would reward overfitting it.
    if (t >= m) sse += error * error;
    level = level + damped + p.alpha * error;
    trend = damped + p.beta * error;
    if (m > 1) seasonal[t % m] = s + p.gamma * error;
  }
  return { sse, level, trend, seasonal };
}

/** Fits the smoothing parameters by Nelder-Mead on the one-step squared error. */
export function fitHoltWinters(values: readonly number[], season: number): HoltWintersFit {
  const m = season > 1 && values.length >= 2 * season ? season : 1;
  const seasonal = m > 1;
  const start = [logit(0.3), logit(0.1), logit(0.5), logit(0.1)].slice(0, seasonal ? 4 : 3);
  const state = initialState(values, m);
  const best = nelderMead((x) => run(values, state, toParams(x, seasonal)).sse, start, {
    maxEvaluations: MAX_EVALUATIONS,
    initialStep: 1.5,
  });
  const params = toParams(best.point, seasonal);
  const final = run(values, state, params);
  const nextSeasonal = Array.from({ length: m }, (_, i) => final.seasonal[(values.length + i) % m]);
  return { params, level: final.level, trend: final.trend, nextSeasonal, oneStepSse: final.sse };
}

export function forecastFromFit(fit: HoltWintersFit, horizon: number): number[] {
  const m = fit.nextSeasonal.length;
  const out: number[] = [];
  let dampedSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPower *= fit.params.phi;
    dampedSum += phiPower;
    out.push(fit.level + dampedSum * fit.trend + fit.nextSeasonal[(h - 1) % m]);
  }
  return out;
}

export function holtWintersForecast(history: readonly number[], horizon: number, season: number): number[] {
  if (history.length < 3) return new Array<number>(horizon).fill(history[history.length - 1] ?? NaN);
  return forecastFromFit(fitHoltWinters(history, season), horizon);
}
