import type { RateSeries } from '../../shared/api';
import { APP_METRICS, HOST_METRICS } from '../../shared/analytics-types';
import type { HostMetricsSample } from '../../shared/types';
import { LatencySketch } from './latency-sketch';
import type { RequestRollup } from './request-rollup';
import { bucketSamples, meanAcross, ratioSeries, type GappySeries, type TimedSample } from './series-builder';

/** Where an application's series come from. */
export interface SeriesSources {
  /** The store's per-application lines/s and errors/s (as getRates answers them). */
  rates(from: number, to: number, stepSec: number): RateSeries;
  requests: RequestRollup;
  hostSamples(host: string): readonly HostMetricsSample[];
  /** Samples of the application's metric command, by metric name. */
  customSamples(app: string): ReadonlyMap<string, readonly TimedSample[]>;
}

export interface AppRef {
  name: string;
  hosts: readonly string[];
}

const HOST_FIELDS: Record<string, keyof HostMetricsSample> = {
  [HOST_METRICS.load1]: 'load1',
  [HOST_METRICS.load5]: 'load5',
  [HOST_METRICS.load15]: 'load15',
  [HOST_METRICS.cpuPercent]: 'cpuPercent',
  [HOST_METRICS.memUsedPercent]: 'memUsedPercent',
};

const LATENCY: Record<string, number> = {
  [APP_METRICS.latencyP50]: 0.5,
  [APP_METRICS.latencyP95]: 0.95,
  [APP_METRICS.latencyP99]: 0.99,
};

/**
 * Every metric of the applications over one run of buckets (`count` buckets of `stepMs` from `start`),
 * as gappy series: null where nothing was observed, including the buckets before an application's
 * first line. The store's rates are read once per frame.
 */
export class SeriesFrame {
  private rateCache: RateSeries | null = null;
  private readonly firstData = new Map<string, number>();

  constructor(
    private readonly sources: SeriesSources,
    readonly start: number,
    readonly stepMs: number,
    readonly count: number,
  ) {}

  get times(): number[] {
    return Array.from({ length: this.count }, (_, i) => this.start + i * this.stepMs);
  }

  /** Names of the metrics an application has data for in this frame. */
  names(app: AppRef): string[] {
    const names: string[] = [APP_METRICS.linesPerSec, APP_METRICS.errorsPerSec, APP_METRICS.errorRatio];
    const has = this.sources.requests.has(app.name);
    if (has.requests) names.push(APP_METRICS.requestsPerSec, APP_METRICS.http5xxRatio);
    if (has.latency) names.push(APP_METRICS.latencyP50, APP_METRICS.latencyP95, APP_METRICS.latencyP99);
    for (const [name, field] of Object.entries(HOST_FIELDS))
      if (app.hosts.some((h) => this.sources.hostSamples(h).some((s) => s[field] !== null))) names.push(name);
    for (const name of this.sources.customSamples(app.name).keys())
      if (!names.includes(name)) names.push(name);
    return names;
  }

  /** One metric of an application; null when the name is unknown for it. */
  metric(app: AppRef, name: string): GappySeries | null {
    const custom = this.sources.customSamples(app.name).get(name);
    if (custom) return bucketSamples(custom, this.start, this.stepMs, this.count);
    const field = HOST_FIELDS[name];
    if (field) return this.hostMetric(app.hosts, field);
    switch (name) {
      case APP_METRICS.linesPerSec:
        return this.fromFirstData(app.name, this.appRates(app.name).linesPerSec);
      case APP_METRICS.errorsPerSec:
        return this.fromFirstData(app.name, this.appRates(app.name).errorsPerSec);
      case APP_METRICS.errorRatio: {
        const { linesPerSec, errorsPerSec } = this.appRates(app.name);
        return ratioSeries(errorsPerSec, linesPerSec);
      }
      case APP_METRICS.requestsPerSec: {
        const { requests } = this.requestCounts(app.name);
        return this.fromFirstData(
          app.name,
          requests.map((n) => n / (this.stepMs / 1000)),
        );
      }
      case APP_METRICS.http5xxRatio: {
        const { requests, serverErrors } = this.requestCounts(app.name);
        return ratioSeries(serverErrors, requests);
      }
    }
    const q = LATENCY[name];
    if (q === undefined) return null;
    return this.requestCounts(app.name).latency.map((sketch) => (sketch ? sketch.quantile(q) : null));
  }

  /** Errors per second of one host (all its applications). */
  hostErrors(host: string): GappySeries {
    const seconds = this.stepMs / 1000;
    const { lines, errors } = this.sources.requests.hostCounts(host, this.start / this.stepMs, this.count);
    const first = lines.findIndex((n) => n > 0);
    return errors.map((n, i) => (first < 0 || i < first ? null : n / seconds));
  }

  /** Latency quantiles over the whole frame (every bucket's sketch merged). */
  latencyOverall(app: string): { p50: number; p95: number; p99: number } | null {
    const merged = new LatencySketch();
    for (const sketch of this.requestCounts(app).latency) if (sketch) merged.merge(sketch);
    if (merged.count === 0) return null;
    const [p50, p95, p99] = merged.quantiles([0.5, 0.95, 0.99]);
    return { p50, p95, p99 };
  }

  private requestCounts(app: string) {
    return this.sources.requests.requestCounts(app, this.start / this.stepMs, this.count);
  }

  private rates(): RateSeries {
    this.rateCache ??= this.sources.rates(
      this.start,
      this.start + this.count * this.stepMs,
      Math.max(1, Math.round(this.stepMs / 1000)),
    );
    return this.rateCache;
  }

  private appRates(app: string): { linesPerSec: number[]; errorsPerSec: number[] } {
    const rates = this.rates();
    const row = rates.apps.find((a) => a.app === app);
    const zeros = () => new Array<number>(this.count).fill(0);
    if (!row) return { linesPerSec: zeros(), errorsPerSec: zeros() };
    // The store aligns its answer to the step; shift it onto this frame's buckets.
    const shift = Math.round((rates.from - this.start) / this.stepMs);
    const align = (values: number[]) => {
      const out = zeros();
      values.forEach((v, i) => {
        if (i + shift >= 0 && i + shift < this.count) out[i + shift] = v;
      });
      return out;
    };
    return { linesPerSec: align(row.linesPerSec), errorsPerSec: align(row.errorsPerSec) };
  }

  /** Counts are real zeros only once the application has logged: before its first line they are unknown. */
  private fromFirstData(app: string, values: number[]): GappySeries {
    let first = this.firstData.get(app);
    if (first === undefined) {
      first = this.appRates(app).linesPerSec.findIndex((v) => v > 0);
      this.firstData.set(app, first);
    }
    const from = first;
    return values.map((v, i) => (from < 0 || i < from ? null : v));
  }

  private hostMetric(hosts: readonly string[], field: keyof HostMetricsSample): GappySeries {
    return meanAcross(
      hosts.map((host) => {
        const samples: TimedSample[] = [];
        for (const s of this.sources.hostSamples(host)) {
          const value = s[field];
          if (typeof value === 'number') samples.push({ ts: s.ts, value });
        }
        return bucketSamples(samples, this.start, this.stepMs, this.count);
      }),
    );
  }
}
