import { linearTrend } from './series-stats';

export interface SeasonDetectionOptions {
  /** Longest period considered, in steps. */
  maxLag?: number;
  /** Smallest period considered; shorter "seasons" are just autocorrelated noise. */
  minLag?: number;
  /** Only the most recent points are examined, which bounds the O(points × maxLag) cost. */
  maxPoints?: number;
  /**
   * Time step of the series in milliseconds. When given, the hourly, daily and weekly periods are tried
   * first: operational load follows the clock, and a calendar period is steadier than the exact lag of
   * the highest autocorrelation, which noise moves by a step or two.
   */
  stepMs?: number;
}

const DEFAULT_MAX_LAG = 2016;
const DEFAULT_MIN_LAG = 3;
const DEFAULT_MAX_POINTS = 3 * DEFAULT_MAX_LAG;
// A peak has to rise this far above the trough before it to count as a cycle, not a wobble.
const MIN_PROMINENCE = 0.1;
// A peak has to be the highest within ±10% of its lag, so noise next to a true peak is ignored.
const NEIGHBOURHOOD = 0.1;
const Z_95 = 1.645;
// Around a calendar period, the autocorrelation peak may sit this fraction of the lag away: a smooth
// cycle has a broad peak, and noise moves its top.
const CALENDAR_TOLERANCE = 0.05;
// Below this the cycle explains too little of the variance to be worth modelling, and among thousands of
// lags some noise peaks always clear the significance bound.
const MIN_STRENGTH = 0.1;
const CALENDAR_PERIODS_MS = [3_600_000, 86_400_000, 7 * 86_400_000];

/** Hourly, daily and weekly periods in steps, where the step divides them into a whole number. */
export function calendarLags(stepMs: number): number[] {
  if (!(stepMs > 0)) return [];
  return CALENDAR_PERIODS_MS.map((period) => period / stepMs).filter(
    (lag) => Math.abs(lag - Math.round(lag)) < 1e-6 && lag >= 2,
  );
}

/** Sample autocorrelation of a series for lags 0..maxLag. */
export function autocorrelation(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mu = sum / n;
  const centred = values.map((v) => v - mu);
  let variance = 0;
  for (const c of centred) variance += c * c;
  const acf = [1];
  for (let lag = 1; lag <= Math.min(maxLag, n - 1); lag++) {
    let s = 0;
    for (let t = lag; t < n; t++) s += centred[t] * centred[t - lag];
    acf.push(variance > 0 ? s / variance : 0);
  }
  return acf;
}

/**
 * The season of a series in steps, or null. A calendar period (when the step is known) wins if the
 * autocorrelation near it is a significant peak; otherwise the strongest significant, prominent local peak
 * of the autocorrelation is taken. The series is linearly detrended first, and significance is Bartlett's
 * 95% bound at the lag.
 */
export function detectSeason(values: readonly number[], options: SeasonDetectionOptions = {}): number | null {
  const recent = values.slice(-(options.maxPoints ?? DEFAULT_MAX_POINTS));
  const n = recent.length;
  // Three full cycles are needed to tell a season from coincidence.
  const maxLag = Math.min(options.maxLag ?? DEFAULT_MAX_LAG, Math.floor(n / 3));
  const minLag = Math.max(2, options.minLag ?? DEFAULT_MIN_LAG);
  if (maxLag < minLag) return null;

  const { intercept, slope } = linearTrend(recent);
  const detrended = recent.map((v, i) => v - (intercept + slope * i));
  const acf = autocorrelation(detrended, maxLag + 1);
  const bounds = bartlettBounds(acf, n);
  const troughs = runningMinimum(acf);
  const isSeason = (lag: number) =>
    acf[lag] >= MIN_STRENGTH && acf[lag] > bounds[lag] && acf[lag] - troughs[lag] >= MIN_PROMINENCE;

  let calendar: number | null = null;
  for (const lag of calendarLags(options.stepMs ?? 0)) {
    if (lag < minLag || lag > maxLag) continue;
    const peak = highestNear(acf, lag, Math.max(1, Math.round(lag * CALENDAR_TOLERANCE)));
    if (isHighestAround(acf, peak, Math.max(1, Math.round(peak * NEIGHBOURHOOD))) && isSeason(peak)) {
      if (
        calendar === null ||
        acf[peak] > acf[highestNear(acf, calendar, Math.round(calendar * CALENDAR_TOLERANCE))]
      ) {
        calendar = lag;
      }
    }
  }
  if (calendar !== null) return calendar;

  let best: number | null = null;
  for (let lag = minLag; lag <= maxLag; lag++) {
    if (!isHighestAround(acf, lag, Math.max(1, Math.round(lag * NEIGHBOURHOOD))) || !isSeason(lag)) continue;
    if (best === null || acf[lag] > acf[best]) best = lag;
  }
  return best;
}

/** Bartlett's 95% significance bound of the autocorrelation at each lag. */
function bartlettBounds(acf: readonly number[], n: number): number[] {
  const bounds = [0];
  let sumSquares = 0;
  for (let lag = 1; lag < acf.length; lag++) {
    bounds.push(Z_95 * Math.sqrt((1 + 2 * sumSquares) / n));
    sumSquares += acf[lag] * acf[lag];
  }
  return bounds;
}

/** troughs[lag] = the lowest autocorrelation at lags 1..lag. */
function runningMinimum(acf: readonly number[]): number[] {
  const troughs = [acf[0]];
  for (let lag = 1; lag < acf.length; lag++)
    troughs.push(Math.min(lag > 1 ? troughs[lag - 1] : Infinity, acf[lag]));
  return troughs;
}

function highestNear(acf: readonly number[], lag: number, radius: number): number {
  let best = lag;
  for (let k = Math.max(1, lag - radius); k <= Math.min(acf.length - 1, lag + radius); k++) {
    if (acf[k] > acf[best]) best = k;
  }
  return best;
}

function isHighestAround(acf: readonly number[], lag: number, radius: number): boolean {
  for (let k = lag - radius; k <= lag + radius; k++) {
    if (k === lag || k < 1 || k >= acf.length) continue;
    if (acf[k] > acf[lag] || (acf[k] === acf[lag] && k < lag)) return false;
  }
  return true;
}
