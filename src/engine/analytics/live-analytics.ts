import type { RateSeries } from '../../shared/api';
import {
  APP_METRICS,
  type AnomalyEvent,
  type AnomalyReport,
  type AppSeriesView,
  type ForecastUpdate,
  type ForecastView,
} from '../../shared/analytics-types';
import type { ProfileApplication } from '../../shared/profile-schema';
import type { HostMetricsSample, LogEvent } from '../../shared/types';
import type { RemoteExec } from '../actions/action-plugin';
import { AnomalyWatch, type AnomalyWatchOptions } from '../anomalies/anomaly-watch';
import type { Disposable } from '../disposable';
import { MetricCommandRunner, MetricSamples } from '../metrics/metric-command';
import type { MetricForecast } from '../scaling/scale-advisor';
import { SeriesFrame, type AppRef, type SeriesSources } from './app-series';
import {
  FORECAST_DEFAULTS,
  runForecastPass,
  type ForecastPlan,
  type ForecastSettings,
} from './forecast-loop';
import { RequestRollup } from './request-rollup';
import { RequestRowQueue, type RowFieldReader } from './request-rows';
import type { RowColumns } from '../store/segment';
import type { ParsedRows } from '../ingest/parsed-rows';
import type { SourceIdentity } from '../ingest/source-ingest';

export interface LiveAnalyticsOptions {
  /** How often forecasts and anomalies are refreshed. */
  intervalMs?: number;
  /** Bucket width of every series (lines/s, errors/s, ratios, latency percentiles). */
  stepMs?: number;
  /** A bucket counts as complete this long after it ends (lines still in transit or in the merge stage). */
  settleMs?: number;
  forecast?: Partial<ForecastSettings>;
  anomalies?: AnomalyWatchOptions;
}

export interface LiveAnalyticsDeps {
  /** The environment's applications, from the profile. */
  applications: readonly ProfileApplication[];
  activeApps(): readonly string[];
  rates(from: number, to: number, stepSec: number): RateSeries;
  hostSamples(host: string): readonly HostMetricsSample[];
  isLive(host: string): boolean;
  exec: RemoteExec;
  now: () => number;
  onForecast(update: ForecastUpdate): void;
  onAnomaly(event: AnomalyEvent): void;
  /** Hands an application's fresh forecasts to the scale advisor. */
  advise(app: string, forecasts: Record<string, MetricForecast>): Promise<unknown>;
  expireSuggestions(): void;
  onProblem(host: string, message: string): void;
  /** Reads placed rows' request fields off this thread (the index worker); without it they are read here. */
  readRowFields?: RowFieldReader;
}

/** What one pass cost, for the bench and diagnostics. */
export interface PassStats {
  at: number;
  apps: number;
  series: number;
  forecastMs: number;
  longestSliceMs: number;
  anomalyMs: number;
}

export const LIVE_DEFAULTS = { intervalMs: 10_000, stepMs: 10_000, settleMs: 2_000 };

/**
 * The live side of analytics for one session: counts from ingest, series per application, a forecast
 * pass on a timer that feeds the scale advisor, and anomaly detection. Everything runs on the engine's
 * thread in short slices.
 */
export class LiveAnalytics implements Disposable {
  readonly stepMs: number;
  private readonly requests: RequestRollup;
  private readonly requestRows: RequestRowQueue;
  private readonly anomalies: AnomalyWatch;
  private readonly settings: ForecastSettings;
  private readonly custom = new Map<string, MetricSamples>();
  private readonly runners = new Map<string, MetricCommandRunner>();
  private readonly latest = new Map<string, ForecastView[]>();
  private readonly adviceProblems = new Map<string, string>();
  private readonly sources: SeriesSources;
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;
  private running: Promise<PassStats> | null = null;
  lastPass: PassStats | null = null;

  constructor(
    private readonly deps: LiveAnalyticsDeps,
    private readonly options: LiveAnalyticsOptions = {},
  ) {
    this.stepMs = options.stepMs ?? LIVE_DEFAULTS.stepMs;
    this.settings = { ...FORECAST_DEFAULTS, ...options.forecast };
    this.requests = new RequestRollup({ bucketMs: this.stepMs });
    this.requestRows = new RequestRowQueue((rows) => this.requests.addRequests(rows), deps.readRowFields);
    this.anomalies = new AnomalyWatch(options.anomalies, deps.now);
    this.sources = {
      rates: (from, to, stepSec) => deps.rates(from, to, stepSec),
      requests: this.requests,
      hostSamples: (host) => deps.hostSamples(host),
      customSamples: (app) => this.custom.get(app)?.series ?? new Map(),
    };
    this.timer = setInterval(() => void this.pass(), options.intervalMs ?? LIVE_DEFAULTS.intervalMs);
  }

  /** Every ingested batch: host counts, and error lines queued for mining. */
  observe(events: readonly LogEvent[]): void {
    this.requests.countLines(events);
    this.anomalies.observe(events);
  }

  /**
   * The same for one source's rows in columns (parsed on another thread), with their request fields
   * (read there): counted now, not when they are placed.
   */
  observeRows(source: SourceIdentity, rows: ParsedRows): void {
    this.requests.addRows(source.host, source.app, rows);
    this.anomalies.observeRows(source.app, rows);
  }

  /**
   * Rows placed in the window ([from, to) of `rows`, all of application `app`): their request fields are
   * read in batches (see flushRequests), on the index worker when there is one, and counted.
   */
  observePlaced(rows: RowColumns, app: string, from: number, to: number): void {
    this.requestRows.add(rows, app, from, to);
  }

  /** The end of a commit: the rows placed so far go to be read. */
  flushRequests(): void {
    this.requestRows.flush();
  }

  forecasts(app?: string): ForecastView[] {
    if (app !== undefined) return [...(this.latest.get(app) ?? [])];
    return [...this.latest.values()].flat();
  }

  anomalyReport(): AnomalyReport {
    return this.anomalies.report(this.deps.now());
  }

  /** An application's series over [from, to), on the analytics step. */
  series(app: string, range: { from?: number; to?: number } = {}): AppSeriesView {
    const ref = this.appRef(app);
    if (!ref) throw new Error(`the environment has no application "${app}"`);
    const to = range.to ?? this.deps.now();
    const from = range.from ?? to - this.settings.historySteps * this.stepMs;
    const start = Math.floor(from / this.stepMs);
    const count = Math.max(0, Math.min(10_000, Math.ceil(to / this.stepMs) - start));
    const frame = new SeriesFrame(this.sources, start * this.stepMs, this.stepMs, count);
    const metrics: Record<string, (number | null)[]> = {};
    for (const name of frame.names(ref)) metrics[name] = frame.metric(ref, name) ?? [];
    return { app, from: frame.start, stepMs: this.stepMs, times: frame.times, metrics };
  }

  /** One refresh: forecasts (then advice) and anomalies over the latest complete buckets. */
  pass(): Promise<PassStats> {
    this.running ??= this.runPass().finally(() => (this.running = null));
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.requestRows.dispose();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const runner of this.runners.values()) runner.dispose();
    this.runners.clear();
  }

  private async runPass(): Promise<PassStats> {
    const now = this.deps.now();
    const apps = this.activeRefs();
    this.startRunners();
    const end = Math.floor((now - (this.options.settleMs ?? LIVE_DEFAULTS.settleMs)) / this.stepMs);
    const count = this.settings.historySteps;
    const frame = new SeriesFrame(this.sources, (end - count) * this.stepMs, this.stepMs, count);

    const forecastPass = await runForecastPass(
      frame,
      apps.map((a) => this.plan(a)),
      this.settings,
      now,
      (app, metric, err) =>
        this.deps.onProblem(
          this.appRef(app)?.hosts[0] ?? app,
          `forecast of ${app} ${metric} failed: ${err.message}`,
        ),
    );
    // A pass that outlived its session publishes nothing.
    if (this.disposed) return { at: now, apps: 0, series: 0, forecastMs: 0, longestSliceMs: 0, anomalyMs: 0 };
    for (const update of forecastPass.updates) {
      this.latest.set(update.app, update.forecasts);
      this.deps.onForecast(update);
    }
    for (const [app, inputs] of forecastPass.advisorInputs) {
      const policy = this.application(app)?.scaling;
      if (policy && inputs[policy.metric]) await this.advise(app, inputs);
    }
    this.deps.expireSuggestions();

    const anomalyStarted = performance.now();
    const anomalies = await this.anomalies.pass(frame, apps, now);
    if (!this.disposed) for (const event of anomalies) this.deps.onAnomaly(event);
    this.lastPass = {
      at: now,
      apps: apps.length,
      series: forecastPass.series,
      forecastMs: forecastPass.tookMs,
      longestSliceMs: forecastPass.longestSliceMs,
      anomalyMs: performance.now() - anomalyStarted,
    };
    return this.lastPass;
  }

  private async advise(app: string, inputs: Record<string, MetricForecast>): Promise<void> {
    try {
      await this.deps.advise(app, inputs);
      this.adviceProblems.delete(app);
    } catch (err) {
      const message = `scale advice for ${app} failed: ${(err as Error).message}`;
      if (this.adviceProblems.get(app) === message) return;
      this.adviceProblems.set(app, message);
      this.deps.onProblem(this.appRef(app)?.hosts[0] ?? app, message);
    }
  }

  /** Lines/s and errors/s always, and every metric the scaling policy reads. */
  private plan(app: AppRef): ForecastPlan {
    const metrics = new Set<string>([APP_METRICS.linesPerSec, APP_METRICS.errorsPerSec]);
    const thresholds: Record<string, number> = {};
    const policy = this.application(app.name)?.scaling;
    if (policy) {
      metrics.add(policy.metric);
      if (policy.scaleDown.metric) metrics.add(policy.scaleDown.metric);
      if (policy.threshold !== undefined) thresholds[policy.metric] = policy.threshold;
    }
    return { app, metrics: [...metrics], thresholds };
  }

  private startRunners(): void {
    for (const name of this.deps.activeApps()) {
      const app = this.application(name);
      if (!app?.metrics || this.runners.has(name)) continue;
      const samples = new MetricSamples();
      this.custom.set(name, samples);
      this.runners.set(
        name,
        new MetricCommandRunner({
          app: name,
          command: app.metrics.command,
          intervalSec: app.metrics.intervalSec,
          hosts: app.hosts,
          isLive: (host) => this.deps.isLive(host),
          exec: this.deps.exec,
          now: this.deps.now,
          onSamples: (ts, values) => samples.add(ts, values),
          onProblem: (host, message) => this.deps.onProblem(host, message),
        }),
      );
    }
  }

  private activeRefs(): AppRef[] {
    return this.deps
      .activeApps()
      .map((name) => this.appRef(name))
      .filter((a): a is AppRef => a !== null);
  }

  private application(name: string): ProfileApplication | undefined {
    return this.deps.applications.find((a) => a.name === name);
  }

  private appRef(name: string): AppRef | null {
    const app = this.application(name);
    return app ? { name: app.name, hosts: app.hosts } : null;
  }
}
