// What live series, forecasts and anomalies look like to every front end.

/**
 * Series every application has (lines and errors per second, their ratio), those it has when its lines
 * carry HTTP statuses or durations, and host metrics averaged over its hosts. A metric command adds its
 * own names.
 */
export const APP_METRICS = {
  linesPerSec: 'lines_per_sec',
  errorsPerSec: 'errors_per_sec',
  errorRatio: 'error_ratio',
  http5xxRatio: 'http_5xx_ratio',
  requestsPerSec: 'requests_per_sec',
  latencyP50: 'latency_p50_ms',
  latencyP95: 'latency_p95_ms',
  latencyP99: 'latency_p99_ms',
} as const;

export const HOST_METRICS = {
  load1: 'load1',
  load5: 'load5',
  load15: 'load15',
  cpuPercent: 'cpu_percent',
  memUsedPercent: 'mem_used_percent',
} as const;

/** An application's metrics on a regular grid; null where a bucket had no observation. */
export interface AppSeriesView {
  app: string;
  /** Start of the first bucket, epoch ms. */
  from: number;
  stepMs: number;
  times: number[];
  metrics: Record<string, (number | null)[]>;
}

/** When a forecast reaches a threshold, and the sentence that says so. */
export interface ForecastCrossing {
  threshold: number;
  direction: 'rising' | 'falling';
  alreadyCrossed: boolean;
  /** After the last observation, ms; null when not within the horizon. */
  expectedMs: number | null;
  earliestMs: number | null;
  latestMs: number | null;
  /** "errors_per_sec cross 50 in about 6 min, 80% interval 4–9 min". */
  text: string;
}

/** The latest forecast of one metric of one application. */
export interface ForecastView {
  app: string;
  metric: string;
  model: string;
  /** Season in steps; null when none was found. */
  season: number | null;
  /** Coverage of the interval, e.g. 0.8. */
  level: number;
  stepMs: number;
  /** Time of the first forecast point, epoch ms (one step after the last observation). */
  start: number;
  /** The last observed value and the start of its bucket. */
  last: number;
  lastAt: number;
  /** Observations the model was fitted on. */
  points: number;
  forecast: number[];
  lower: number[];
  upper: number[];
  backtest: { mase: number; smape: number };
  crossing?: ForecastCrossing;
  madeAt: number;
}

/** Forecasts of one application, as one pass of the loop made them. */
export interface ForecastUpdate {
  app: string;
  forecasts: ForecastView[];
}

/** A bucket whose error rate rose far above the robust baseline before it. */
export interface ErrorSpike {
  id: string;
  scope: 'app' | 'host';
  /** The application or host name. */
  name: string;
  /** Start of the bucket, epoch ms. */
  at: number;
  stepMs: number;
  /** Errors per second in the bucket, and the median of the baseline before it. */
  value: number;
  baseline: number;
  /** Robust z-score: (value − median) / (1.4826 × MAD). */
  score: number;
  detectedAt: number;
}

/** A family of error lines that share a template. */
export interface ErrorSignatureView {
  id: string;
  app: string;
  /** The message with variable parts as placeholders; `<*>` marks tokens that varied. */
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** First seen after the application had been watched for a while: not part of its usual errors. */
  isNew: boolean;
  spiking: boolean;
  recentCount: number;
  example: string;
}

export interface AnomalyReport {
  /** Recent spikes, newest first. */
  spikes: ErrorSpike[];
  /** Signatures, spiking first, then new, then by count. */
  signatures: ErrorSignatureView[];
  /** Error lines left out of signature mining because they came faster than its cap. */
  droppedLines: number;
}

export type AnomalyEvent =
  | { kind: 'spike'; spike: ErrorSpike }
  | { kind: 'newSignature' | 'spikingSignature'; signature: ErrorSignatureView };
