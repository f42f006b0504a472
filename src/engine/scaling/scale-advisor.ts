import type { ScaleEvidence, ScaleSuggestion } from '../../shared/action-types';
import type { ScalingPolicy } from '../../shared/scaling-schema';
import { describeCrossing, formatDuration, timeToThreshold } from '../analytics/time-to-threshold';
import { reconcileMemory, type ScalingMemory } from './scaling-memory';

/** A metric's latest forecast, as the advisor reads it. */
export interface MetricForecast {
  /** Last observed value and when it was observed (epoch ms). */
  last: number;
  at: number;
  /** Time between points of the series. */
  stepMs: number;
  model: string;
  level: number;
  forecast: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
}

export interface AdviceInput {
  app: string;
  policy: ScalingPolicy;
  /** Current replicas, as read through the policy's action plugin. */
  replicas: number;
  /** Forecasts by metric name: the policy's metric, and the scale-down load metric when it differs. */
  forecasts: Readonly<Record<string, MetricForecast>>;
  memory: ScalingMemory;
  now: number;
}

/**
 * Advises how far to scale one application, or returns null when it should stay as it is. Scales up
 * when the forecast within the lookahead needs more capacity (target per replica) or reaches the
 * threshold; scales back to the count before the last scale-up once the request load, forecast
 * included, falls below the load recorded at that scale-up × alpha. Pure and deterministic.
 */
export function adviseScale(input: AdviceInput): ScaleSuggestion | null {
  const { policy, replicas, now } = input;
  const series = input.forecasts[policy.metric];
  if (!series) return null;
  const lookaheadMs = policy.lookaheadSec * 1000;
  const outlook = readOutlook(series, lookaheadMs);
  const base: ScaleEvidence = {
    metric: policy.metric,
    last: series.last,
    peak: outlook.peak,
    peakUpper: outlook.peakUpper,
    level: series.level,
    model: series.model,
    lookaheadMs,
    ...(policy.threshold !== undefined ? { threshold: policy.threshold } : {}),
    ...(policy.targetPerReplica !== undefined ? { targetPerReplica: policy.targetPerReplica } : {}),
  };
  const suggest = (to: number, reason: string, evidence: ScaleEvidence = base): ScaleSuggestion => ({
    id: `${input.app}:${replicas}->${to}@${now}`,
    app: input.app,
    from: replicas,
    to,
    direction: to > replicas ? 'up' : 'down',
    reason,
    evidence,
    createdAt: now,
    expires: now + policy.suggestionTtlSec * 1000,
  });

  if (replicas < policy.min)
    return suggest(policy.min, `${replicas} replicas is below the policy's minimum of ${policy.min}`);
  if (replicas > policy.max)
    return suggest(policy.max, `${replicas} replicas is above the policy's maximum of ${policy.max}`);
  const lastChange = input.memory.lastChangeAt;
  if (lastChange !== null && now - lastChange < policy.cooldownSec * 1000) return null;

  const up = scaleUp(input, series, outlook, base, lookaheadMs);
  if (up) return suggest(up.to, up.reason, up.evidence);
  const down = scaleDown(input, outlook, base, lookaheadMs);
  return down ? suggest(down.to, down.reason, down.evidence) : null;
}

interface Outlook {
  /** Points of the forecast inside the lookahead. */
  steps: number;
  peak: number;
  peakUpper: number;
}

function readOutlook(series: MetricForecast, lookaheadMs: number): Outlook {
  const steps = Math.max(1, Math.min(series.forecast.length, Math.ceil(lookaheadMs / series.stepMs)));
  const peakOf = (path: readonly number[]) =>
    path.slice(0, steps).reduce((m, v) => Math.max(m, v), series.last);
  return { steps, peak: peakOf(series.forecast), peakUpper: peakOf(series.upper) };
}

interface Advice {
  to: number;
  reason: string;
  evidence: ScaleEvidence;
}

function scaleUp(
  input: AdviceInput,
  series: MetricForecast,
  outlook: Outlook,
  evidence: ScaleEvidence,
  lookaheadMs: number,
): Advice | null {
  const { policy, replicas } = input;
  const within = formatDuration(lookaheadMs);
  if (policy.targetPerReplica !== undefined) {
    const target = policy.targetPerReplica;
    const needed = Math.ceil(outlook.peak / target);
    if (needed <= replicas) return null;
    const to = Math.min(policy.max, replicas + policy.step * Math.ceil((needed - replicas) / policy.step));
    if (to <= replicas) return null;
    return {
      to,
      evidence,
      reason:
        `${policy.metric} is forecast to reach ${formatValue(outlook.peak)} within ${within}; ` +
        `${replicas} replicas carry ${formatValue(replicas * target)} at ${formatValue(target)} each, ` +
        `${to} carry ${formatValue(to * target)}` +
        (to < needed ? ` (the policy's maximum; ${needed} would be needed)` : ''),
    };
  }
  const threshold = policy.threshold!;
  const to = Math.min(policy.max, replicas + policy.step);
  if (to <= replicas) return null;
  const adding = `adding ${to - replicas} replica(s)`;
  if (series.last > threshold) {
    const described = `${policy.metric} is already at ${formatValue(series.last)}, above ${formatValue(threshold)}`;
    return { to, reason: `${described}; ${adding}`, evidence: { ...evidence, crossing: described } };
  }
  const steps = outlook.steps;
  const crossing = timeToThreshold(
    series.last,
    {
      forecast: series.forecast.slice(0, steps),
      lower: series.lower.slice(0, steps),
      upper: series.upper.slice(0, steps),
      level: series.level,
    },
    threshold,
    series.stepMs,
  );
  if (!crossing.alreadyCrossed && crossing.expectedMs === null) return null;
  const described = describeCrossing(policy.metric, crossing);
  return { to, reason: `${described}; ${adding}`, evidence: { ...evidence, crossing: described } };
}

function scaleDown(
  input: AdviceInput,
  outlook: Outlook,
  evidence: ScaleEvidence,
  lookaheadMs: number,
): Advice | null {
  const { policy, replicas } = input;
  const remembered = reconcileMemory(input.memory, replicas).scaleUps.at(-1);
  if (!remembered || replicas <= policy.min) return null;
  const loadMetric = policy.scaleDown.metric ?? policy.metric;
  const loadSeries = input.forecasts[loadMetric];
  if (!loadSeries) return null;
  const loadPeak = readOutlook(loadSeries, lookaheadMs).peak;
  const alpha = policy.scaleDown.alpha;
  const limit = remembered.load * alpha;
  if (loadPeak >= limit) return null;
  // Never back below what the forecast itself needs.
  const needed =
    policy.targetPerReplica !== undefined ? Math.ceil(outlook.peak / policy.targetPerReplica) : policy.min;
  const to = Math.max(policy.min, remembered.from, needed);
  if (to >= replicas) return null;
  return {
    to,
    evidence: { ...evidence, loadMetric, loadPeak, scaleUpLoad: remembered.load, alpha },
    reason:
      `${loadMetric} (${formatValue(loadPeak)} at most within ${formatDuration(lookaheadMs)}) is below ` +
      `${alpha} × ${formatValue(remembered.load)}, the load when the pool grew from ${remembered.from} to ` +
      `${remembered.to}; back to ${to}`,
  };
}

function formatValue(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3)));
}
