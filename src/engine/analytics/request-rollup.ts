import type { LogEvent } from '../../shared/types';
import type { ParsedRows } from '../ingest/parsed-rows';
import { isErrorRow, isMarker } from '../store/row-flags';
import { LatencySketch } from './latency-sketch';
import type { RequestRows } from './request-rows';

export interface RequestRollupOptions {
  /** Width of a bucket; the series built from it have this step. */
  bucketMs?: number;
  /** Data time kept behind the newest bucket. */
  retentionMs?: number;
  /** Relative error of the latency quantiles. */
  relativeError?: number;
}

interface AppBucket {
  requests: number;
  serverErrors: number;
  latency: LatencySketch | null;
}

interface HostBucket {
  lines: number;
  errors: number;
}

/** What the rollup holds for one application over a run of buckets. */
export interface RequestCounts {
  /** Lines with an HTTP status, and those with a 5xx status, per bucket. */
  requests: number[];
  serverErrors: number[];
  /** Durations seen in each bucket; null where no line carried one. */
  latency: (LatencySketch | null)[];
}

const DEFAULTS = { bucketMs: 10_000, retentionMs: 2 * 3600_000, relativeError: 0.01 };

/**
 * Counts kept per application and bucket that the store's rollups do not hold: HTTP requests and 5xx
 * responses, request durations (a quantile sketch per bucket) and, per host, lines and error lines at
 * the analytics step. Host lines are counted from every event at ingest, requests from the rows placed
 * in the window once their fields were read (see RequestRowQueue); all keyed by the lines' own timestamps.
 */
export class RequestRollup {
  readonly bucketMs: number;
  private readonly retentionBuckets: number;
  private readonly relativeError: number;
  private readonly apps = new Map<string, Map<number, AppBucket>>();
  private readonly hosts = new Map<string, Map<number, HostBucket>>();
  private newestBucket = -Infinity;
  /** The host and application buckets counted last: a batch's lines nearly all come from one of each. */
  private readonly hostSlots = new SlotCache(this.hosts, newHostBucket);
  private readonly appSlots = new SlotCache(this.apps, newAppBucket);

  constructor(options: RequestRollupOptions = {}) {
    this.bucketMs = options.bucketMs ?? DEFAULTS.bucketMs;
    this.retentionBuckets = Math.ceil((options.retentionMs ?? DEFAULTS.retentionMs) / this.bucketMs);
    this.relativeError = options.relativeError ?? DEFAULTS.relativeError;
  }

  /** Counts every event's host line (and error line). */
  countLines(events: readonly LogEvent[]): void {
    for (const event of events)
      if (!event.marker)
        this.countLine(event.host, event.ts, event.level === 'error' || event.level === 'fatal');
  }

  private countLine(host: string, ts: number, isError: boolean): void {
    const bucket = this.bucketOf(ts);
    if (bucket === null) return;
    const slot = this.hostSlots.get(host, bucket);
    slot.lines++;
    if (isError) slot.errors++;
  }

  /** Counts the requests and durations of rows whose fields were read. */
  addRequests(rows: RequestRows): void {
    let row = 0;
    for (let run = 0; run < rows.apps.length; run++) {
      const name = rows.apps[run];
      for (const end = rows.runEnds[run]; row < end; row++)
        this.addRequest(name, rows.ts[row], rows.status[row], rows.durationMs[row]);
    }
  }

  /**
   * Counts one source's rows in columns (parsed on another thread, their request fields read there): the
   * host's lines and error lines, the application's requests and durations. A source's rows come in time
   * order, so they fall in runs of one bucket: the tables are looked up once per run, not per row.
   */
  addRows(host: string, app: string, rows: ParsedRows): void {
    const { count, ts, flags, status, durationMs } = rows;
    const width = this.bucketMs;
    let i = 0;
    while (i < count) {
      if (isMarker(flags[i])) {
        i++;
        continue;
      }
      const bucket = this.bucketOf(ts[i]);
      if (bucket === null) {
        i++;
        continue;
      }
      let lines = 0;
      let errors = 0;
      let requests = 0;
      let serverErrors = 0;
      let latency: LatencySketch | null = null;
      for (; i < count && Math.floor(ts[i] / width) === bucket; i++) {
        const rowFlags = flags[i];
        if (isMarker(rowFlags)) continue;
        lines++;
        if (isErrorRow(rowFlags)) errors++;
        const code = status[i];
        if (code >= 0) {
          requests++;
          if (code >= 500) serverErrors++;
        }
        const duration = durationMs[i];
        if (duration >= 0) {
          if (latency === null) {
            const slot = this.appSlots.get(app, bucket);
            latency = slot.latency ??= new LatencySketch(this.relativeError);
          }
          latency.add(duration);
        }
      }
      const hostSlot = this.hostSlots.get(host, bucket);
      hostSlot.lines += lines;
      hostSlot.errors += errors;
      if (requests > 0) {
        const appSlot = this.appSlots.get(app, bucket);
        appSlot.requests += requests;
        appSlot.serverErrors += serverErrors;
      }
    }
  }

  private addRequest(name: string, ts: number, status: number, duration: number): void {
    if (status < 0 && duration < 0) return;
    const bucket = this.bucketOf(ts);
    if (bucket === null) return;
    const app = this.appSlots.get(name, bucket);
    if (status >= 0) {
      app.requests++;
      if (status >= 500) app.serverErrors++;
    }
    if (duration >= 0) (app.latency ??= new LatencySketch(this.relativeError)).add(duration);
  }

  /** An application's counts over `count` buckets from bucket number `start` (time / bucketMs). */
  requestCounts(app: string, start: number, count: number): RequestCounts {
    const buckets = this.apps.get(app);
    const out: RequestCounts = {
      requests: new Array<number>(count).fill(0),
      serverErrors: new Array<number>(count).fill(0),
      latency: new Array<LatencySketch | null>(count).fill(null),
    };
    if (!buckets) return out;
    for (let i = 0; i < count; i++) {
      const b = buckets.get(start + i);
      if (!b) continue;
      out.requests[i] = b.requests;
      out.serverErrors[i] = b.serverErrors;
      out.latency[i] = b.latency;
    }
    return out;
  }

  /** A host's lines and error lines over `count` buckets from bucket number `start`. */
  hostCounts(host: string, start: number, count: number): { lines: number[]; errors: number[] } {
    const buckets = this.hosts.get(host);
    const lines = new Array<number>(count).fill(0);
    const errors = new Array<number>(count).fill(0);
    for (let i = 0; buckets && i < count; i++) {
      const b = buckets.get(start + i);
      if (!b) continue;
      lines[i] = b.lines;
      errors[i] = b.errors;
    }
    return { lines, errors };
  }

  /** Whether an application has ever shown HTTP statuses or durations (so its series are worth building). */
  has(app: string): { requests: boolean; latency: boolean } {
    let requests = false;
    let latency = false;
    for (const b of this.apps.get(app)?.values() ?? []) {
      requests ||= b.requests > 0;
      latency ||= b.latency !== null;
      if (requests && latency) break;
    }
    return { requests, latency };
  }

  get hostNames(): string[] {
    return [...this.hosts.keys()];
  }

  /** The bucket of a row at `ts`, null when it is older than the retention period (or a marker's NaN). */
  private bucketOf(ts: number): number | null {
    const bucket = Math.floor(ts / this.bucketMs);
    if (bucket > this.newestBucket) this.advance(bucket);
    else if (!(bucket > this.newestBucket - this.retentionBuckets)) return null;
    return bucket;
  }

  /** A new newest bucket: forget what fell out of the retention period (once per bucket, not per line). */
  private advance(bucket: number): void {
    this.newestBucket = bucket;
    const oldest = bucket - this.retentionBuckets;
    this.hostSlots.forgetUpTo(oldest);
    this.appSlots.forgetUpTo(oldest);
  }
}

// Made once, not as a closure per line.
const newAppBucket = (): AppBucket => ({ requests: 0, serverErrors: 0, latency: null });
const newHostBucket = (): HostBucket => ({ lines: 0, errors: 0 });

/**
 * A table's entry for a name and bucket, made when missing; the one found last is kept at hand. Knows its
 * table's oldest bucket, so that forgetting old buckets walks the table only when some are due (a
 * backlog read at once opens a new bucket every few rows: walking every name's buckets each time cost
 * more than counting the rows).
 */
class SlotCache<T> {
  private name = '';
  private bucket = NaN;
  private entry: T | null = null;
  /** No bucket in the table is older than this. */
  private oldest = Infinity;

  constructor(
    private readonly table: Map<string, Map<number, T>>,
    private readonly create: () => T,
  ) {}

  get(name: string, bucket: number): T {
    if (this.entry !== null && this.bucket === bucket && this.name === name) return this.entry;
    let buckets = this.table.get(name);
    if (!buckets) this.table.set(name, (buckets = new Map()));
    let entry = buckets.get(bucket);
    if (!entry) {
      buckets.set(bucket, (entry = this.create()));
      if (bucket < this.oldest) this.oldest = bucket;
    }
    this.name = name;
    this.bucket = bucket;
    this.entry = entry;
    return entry;
  }

  /** Deletes every bucket up to `bucket`. */
  forgetUpTo(bucket: number): void {
    if (this.oldest > bucket) return;
    this.entry = null;
    let oldest = Infinity;
    for (const buckets of this.table.values())
      for (const key of buckets.keys()) {
        if (key <= bucket) buckets.delete(key);
        else if (key < oldest) oldest = key;
      }
    this.oldest = oldest;
  }
}
