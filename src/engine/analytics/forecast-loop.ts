import type { ForecastUpdate, ForecastView } from '../../shared/analytics-types';
import type { MetricForecast } from '../scaling/scale-advisor';
import type { AppRef, SeriesFrame } from './app-series';
import { forecastSeries } from './forecaster';
import { fillGaps } from './series-builder';
import { describeCrossing, timeToThreshold } from './time-to-threshold';

export interface ForecastSettings {
  /** Most recent buckets a model is fitted on; bounds the cost of a pass. */
  historySteps: number;
  /** Steps forecast ahead; shortened while the history is still short. */
  horizonSteps: number;
  /** Fewer observations than this are not forecast. */
  minPoints: number;
  /** Coverage of the prediction interval. */
  level: number;
  /** Backtest origins per model. */
  origins: number;
}

export const FORECAST_DEFAULTS: ForecastSettings = {
  historySteps: 180,
  horizonSteps: 60,
  minPoints: 12,
  level: 0.8,
  origins: 6,
};

/** What to forecast for one application, and the thresholds whose crossing is described. */
export interface ForecastPlan {
  app: AppRef;
  metrics: readonly string[];
  thresholds: Readonly<Record<string, number>>;
}

export interface MetricOutcome {
  view: ForecastView;
  /** The same forecast as the scale advisor reads it. */
  advisorInput: MetricForecast;
}

/**
 * Forecasts one metric of an application from the frame's complete buckets, or returns null when the
 * metric has too few observations. Rates, ratios and latencies never go below zero, so neither do their
 * forecasts and intervals.
 */
export function forecastMetric(
  frame: SeriesFrame,
  app: AppRef,
  metric: string,
  threshold: number | undefined,
  settings: ForecastSettings,
  now: number,
): MetricOutcome | null {
  const raw = frame.metric(app, metric);
  if (!raw) return null;
  const filled = fillGaps(raw);
  if (!filled || filled.values.length < settings.minPoints) return null;
  const values = filled.values.slice(-settings.historySteps);
  const stepMs = frame.stepMs;
  // A backtest origin needs a horizon of actuals after it and, before it, ten steps or a horizon of history.
  const horizon = Math.max(
    1,
    Math.min(settings.horizonSteps, Math.floor(values.length / 2), values.length - 10),
  );
  const result = forecastSeries(values, {
    horizon,
    stepMs,
    level: settings.level,
    origins: settings.origins,
  });
  const clamp = (xs: number[]) => xs.map((x) => Math.max(0, x));
  const forecast = clamp(result.forecast);
  const lower = clamp(result.lower);
  const upper = clamp(result.upper);
  const last = values[values.length - 1];
  const lastAt = frame.start + (frame.count - 1) * stepMs;
  const view: ForecastView = {
    app: app.name,
    metric,
    model: result.model,
    season: result.season,
    level: result.level,
    stepMs,
    start: lastAt + stepMs,
    last,
    lastAt,
    points: values.length,
    forecast,
    lower,
    upper,
    backtest: result.backtest,
    madeAt: now,
  };
  if (threshold !== undefined) {
    // Thresholds come from scaling policies, limits the metric must not reach: past one, it is crossed.
    const crossing = timeToThreshold(
      last,
      { forecast, lower, upper, level: result.level },
      threshold,
      stepMs,
      'rising',
    );
    view.crossing = {
      threshold,
      direction: crossing.direction,
      alreadyCrossed: crossing.alreadyCrossed,
      expectedMs: crossing.expectedMs,
      earliestMs: crossing.earliestMs,
      latestMs: crossing.latestMs,
      text: describeCrossing(metric, crossing),
    };
  }
  return {
    view,
    advisorInput: {
      last,
      at: lastAt + stepMs,
      stepMs,
      model: result.model,
      level: result.level,
      forecast,
      lower,
      upper,
    },
  };
}

export interface ForecastPassResult {
  updates: ForecastUpdate[];
  advisorInputs: Map<string, Record<string, MetricForecast>>;
  /** Wall time of the pass, and its longest stretch without yielding to the event loop. */
  tookMs: number;
  longestSliceMs: number;
  series: number;
}

/**
 * One pass over the applications: every planned metric is forecast, yielding to the event loop between
 * series so requests and ingest are never held up by more than one model fit.
 */
export async function runForecastPass(
  frame: SeriesFrame,
  plans: readonly ForecastPlan[],
  settings: ForecastSettings,
  now: number,
  onError: (app: string, metric: string, err: Error) => void,
): Promise<ForecastPassResult> {
  const started = performance.now();
  let longestSliceMs = 0;
  let series = 0;
  const updates: ForecastUpdate[] = [];
  const advisorInputs = new Map<string, Record<string, MetricForecast>>();
  for (const plan of plans) {
    const forecasts: ForecastView[] = [];
    const inputs: Record<string, MetricForecast> = {};
    for (const metric of plan.metrics) {
      const slice = performance.now();
      try {
        const outcome = forecastMetric(frame, plan.app, metric, plan.thresholds[metric], settings, now);
        if (outcome) {
          forecasts.push(outcome.view);
          inputs[metric] = outcome.advisorInput;
          series++;
        }
      } catch (err) {
        onError(plan.app.name, metric, err as Error);
      }
      longestSliceMs = Math.max(longestSliceMs, performance.now() - slice);
      await new Promise((resolve) => setImmediate(resolve));
    }
    updates.push({ app: plan.app.name, forecasts });
    advisorInputs.set(plan.app.name, inputs);
  }
  return { updates, advisorInputs, tookMs: performance.now() - started, longestSliceMs, series };
}
