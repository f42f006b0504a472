import type { HeatmapCells, RateSeries } from '../../shared/api';
import { LEVEL_SLOTS } from './row-flags';

export const HEATMAP_BUCKET_MS = 10_000;
export const RATE_BUCKET_MS = 1_000;
const DEFAULT_RETENTION_MS = 6 * 3600_000;
const FATAL = 1;
const ERROR = 2;
const WARN = 3;

/**
 * Counts kept as lines are committed, so charts never scan rows: lines per host, 10 s bucket and level
 * (the heatmap) and lines and errors per application and second (the rates). Buckets are keyed by the
 * lines' own timestamps and kept for a retention period of data time, independent of the row window.
 */
export class Rollups {
  private readonly levelBuckets = new Map<number, Uint32Array>();
  private readonly rateBuckets = new Map<number, Uint32Array>();
  private lastLevelBucket = NaN;
  private lastLevelCounts: Uint32Array | null = null;
  private lastRateBucket = NaN;
  private lastRateCounts: Uint32Array | null = null;
  private newestBucket = -Infinity;

  constructor(
    private readonly hosts: readonly string[],
    private readonly apps: readonly string[],
    private readonly retentionMs = DEFAULT_RETENTION_MS,
  ) {}

  add(ts: number, host: number, app: number, levelCode: number): void {
    const bucket = Math.floor(ts / HEATMAP_BUCKET_MS);
    let counts = this.lastLevelCounts;
    if (bucket !== this.lastLevelBucket || counts === null || counts.length <= host * LEVEL_SLOTS) {
      counts = this.slot(
        this.levelBuckets,
        bucket,
        (host + 1) * LEVEL_SLOTS,
        this.hosts.length * LEVEL_SLOTS,
      );
      this.lastLevelBucket = bucket;
      this.lastLevelCounts = counts;
      if (bucket > this.newestBucket) this.newBucket(bucket);
    }
    counts[host * LEVEL_SLOTS + levelCode]++;

    const second = Math.floor(ts / RATE_BUCKET_MS);
    let rates = this.lastRateCounts;
    if (second !== this.lastRateBucket || rates === null || rates.length <= app * 2 + 1) {
      rates = this.slot(this.rateBuckets, second, (app + 1) * 2, this.apps.length * 2);
      this.lastRateBucket = second;
      this.lastRateCounts = rates;
    }
    rates[app * 2]++;
    if (levelCode === ERROR || levelCode === FATAL) rates[app * 2 + 1]++;
  }

  /** Host × bucket counts over [from, to); buckets are multiples of 10 s. */
  heatmap(from: number, to: number, bucketMs: number): HeatmapCells {
    const step = Math.max(1, Math.round(bucketMs / HEATMAP_BUCKET_MS));
    const start = Math.floor(from / (step * HEATMAP_BUCKET_MS)) * step;
    const count = Math.max(0, Math.ceil(to / HEATMAP_BUCKET_MS / step) - start / step);
    const hosts = this.hosts.length;
    const grid = () => Array.from({ length: hosts }, () => new Array<number>(count).fill(0));
    const errors = grid();
    const warnings = grid();
    const lines = grid();
    for (const [bucket, counts] of this.levelBuckets) {
      const column = Math.floor((bucket - start) / step);
      if (column < 0 || column >= count) continue;
      for (let h = 0; h * LEVEL_SLOTS < counts.length && h < hosts; h++) {
        const base = h * LEVEL_SLOTS;
        let all = 0;
        for (let l = 0; l < LEVEL_SLOTS; l++) all += counts[base + l];
        lines[h][column] += all;
        errors[h][column] += counts[base + ERROR] + counts[base + FATAL];
        warnings[h][column] += counts[base + WARN];
      }
    }
    const bucketSize = step * HEATMAP_BUCKET_MS;
    return {
      from: start * HEATMAP_BUCKET_MS,
      bucketMs: bucketSize,
      hosts: [...this.hosts],
      times: Array.from({ length: count }, (_, i) => (start / step + i) * bucketSize),
      errors,
      warnings,
      lines,
    };
  }

  /** Per-application lines/s and errors/s over [from, to), averaged over steps of whole seconds. */
  rates(from: number, to: number, stepMs: number): RateSeries {
    const step = Math.max(1, Math.round(stepMs / RATE_BUCKET_MS));
    const start = Math.floor(from / (step * RATE_BUCKET_MS)) * step;
    const count = Math.max(0, Math.ceil(to / RATE_BUCKET_MS / step) - start / step);
    const apps = this.apps.map((app) => ({
      app,
      linesPerSec: new Array<number>(count).fill(0),
      errorsPerSec: new Array<number>(count).fill(0),
    }));
    for (const [second, counts] of this.rateBuckets) {
      const column = Math.floor((second - start) / step);
      if (column < 0 || column >= count) continue;
      for (let a = 0; a < apps.length && a * 2 + 1 < counts.length; a++) {
        apps[a].linesPerSec[column] += counts[a * 2] / step;
        apps[a].errorsPerSec[column] += counts[a * 2 + 1] / step;
      }
    }
    const stepSize = step * RATE_BUCKET_MS;
    return {
      from: start * RATE_BUCKET_MS,
      stepMs: stepSize,
      times: Array.from({ length: count }, (_, i) => (start / step + i) * stepSize),
      apps,
    };
  }

  /** Newest data time seen, epoch ms (end of its bucket); -Infinity when empty. */
  get newestTime(): number {
    return (this.newestBucket + 1) * HEATMAP_BUCKET_MS;
  }

  memoryBytes(): number {
    let bytes = 0;
    for (const counts of this.levelBuckets.values()) bytes += counts.byteLength + 64;
    for (const counts of this.rateBuckets.values()) bytes += counts.byteLength + 64;
    return bytes;
  }

  private slot(buckets: Map<number, Uint32Array>, key: number, needed: number, wanted: number): Uint32Array {
    let counts = buckets.get(key);
    if (counts === undefined || counts.length < needed) {
      const bigger = new Uint32Array(Math.max(needed, wanted));
      if (counts !== undefined) bigger.set(counts);
      counts = bigger;
      buckets.set(key, counts);
    }
    return counts;
  }

  private newBucket(bucket: number): void {
    this.newestBucket = bucket;
    const oldestLevel = bucket - this.retentionMs / HEATMAP_BUCKET_MS;
    const oldestRate = (bucket * HEATMAP_BUCKET_MS - this.retentionMs) / RATE_BUCKET_MS;
    // Pruning walks every bucket: do it only when a new 10 s bucket opens.
    for (const key of this.levelBuckets.keys()) if (key < oldestLevel) this.levelBuckets.delete(key);
    for (const key of this.rateBuckets.keys()) if (key < oldestRate) this.rateBuckets.delete(key);
    this.lastRateCounts = null;
  }
}
