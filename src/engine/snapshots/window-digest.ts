import { SignatureTracker } from '../anomalies/signature-tracker';
import type { StreamMarkerKind } from '../../shared/types';
import type { SnapshotEvent, SnapshotHeatmap, SnapshotSignature, SnapshotWindow } from './snapshot-source';

export interface DigestOptions {
  /** Buckets across the window in the heatmap. */
  buckets: number;
  /** Events kept from the start and from the end of the window for the report's excerpt. */
  excerptHead: number;
  excerptTail: number;
  /** Error lines mined for signatures when the source brings none (the first ones of the window). */
  errorSample: number;
}

export const DEFAULT_DIGEST_OPTIONS: DigestOptions = {
  buckets: 180,
  excerptHead: 2000,
  excerptTail: 8000,
  errorSample: 20_000,
};

/** Bucket widths people read easily: 1 s … 1 day. */
const NICE_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
].map((s) => s * 1000);

export function niceBucketMs(window: SnapshotWindow, buckets: number): number {
  const wanted = Math.max(1, (window.to - window.from) / buckets);
  return NICE_STEPS_MS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
}

/**
 * What a snapshot needs to know about its events besides the events themselves, gathered as they stream
 * past (already redacted) in bounded memory: counts, the per-host heatmap, the first and last lines for the
 * report, and a sample of error lines.
 */
export class WindowDigest {
  events = 0;
  lines = 0;
  readonly markers: Partial<Record<StreamMarkerKind, number>> = {};
  readonly head: SnapshotEvent[] = [];
  private readonly tail: SnapshotEvent[] = [];
  private tailNext = 0;
  /** Mined as the lines pass, the way the live workbench mines them. */
  private readonly signatureTracker = new SignatureTracker('snapshot');
  private errorsMined = 0;
  private readonly hostIndex = new Map<string, number>();
  private readonly lineCounts: Uint32Array[] = [];
  private readonly errorCounts: Uint32Array[] = [];
  readonly bucketMs: number;
  readonly start: number;
  private readonly bucketCount: number;

  constructor(
    private readonly window: SnapshotWindow,
    hosts: readonly string[],
    private readonly options: DigestOptions = DEFAULT_DIGEST_OPTIONS,
  ) {
    this.bucketMs = niceBucketMs(window, options.buckets);
    this.start = Math.floor(window.from / this.bucketMs) * this.bucketMs;
    this.bucketCount = Math.max(1, Math.floor((window.to - this.start) / this.bucketMs) + 1);
    for (const host of hosts) this.hostRow(host);
  }

  add(event: SnapshotEvent): void {
    this.events++;
    if (this.head.length < this.options.excerptHead) this.head.push(event);
    else if (this.options.excerptTail > 0) {
      this.tail[this.tailNext] = event;
      this.tailNext = (this.tailNext + 1) % this.options.excerptTail;
    }
    if (event.marker) {
      this.markers[event.marker] = (this.markers[event.marker] ?? 0) + 1;
      return;
    }
    this.lines++;
    const row = this.hostRow(event.host);
    const bucket = Math.min(
      this.bucketCount - 1,
      Math.max(0, Math.floor((event.ts - this.start) / this.bucketMs)),
    );
    this.lineCounts[row][bucket]++;
    if (event.level === 'error' || event.level === 'fatal') {
      this.errorCounts[row][bucket]++;
      if (this.errorsMined < this.options.errorSample) {
        this.errorsMined++;
        this.signatureTracker.add(event.ts, event.message);
      }
    }
  }

  /** The excerpt: the first lines, then the last ones (in order), without repeating any. */
  excerpt(): SnapshotEvent[] {
    const tail =
      this.tail.length < this.options.excerptTail
        ? this.tail
        : [...this.tail.slice(this.tailNext), ...this.tail.slice(0, this.tailNext)];
    return [...this.head, ...tail];
  }

  /** Events between the head and the tail of the excerpt, left out of it. */
  omittedFromExcerpt(): number {
    return this.events - this.head.length - this.tail.length;
  }

  heatmap(): SnapshotHeatmap {
    return {
      hosts: [...this.hostIndex.keys()],
      start: this.start,
      bucketMs: this.bucketMs,
      lines: this.lineCounts.map((r) => Array.from(r)),
      errors: this.errorCounts.map((r) => Array.from(r)),
    };
  }

  hosts(): string[] {
    return [...this.hostIndex.keys()];
  }

  signatures(): SnapshotSignature[] {
    return this.signatureTracker.signatures(this.window.to).map((s) => ({
      template: s.template,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      spiking: s.spiking,
      example: s.example,
    }));
  }

  private hostRow(host: string): number {
    let row = this.hostIndex.get(host);
    if (row === undefined) {
      row = this.hostIndex.size;
      this.hostIndex.set(host, row);
      this.lineCounts.push(new Uint32Array(this.bucketCount));
      this.errorCounts.push(new Uint32Array(this.bucketCount));
    }
    return row;
  }
}
