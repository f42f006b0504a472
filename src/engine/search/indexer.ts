import type { Disposable } from '../disposable';
import type { LogStore, SegmentSidecar } from '../store/log-store';
import type { Segment } from '../store/segment';
import type { IndexBatch, IndexBatchResult, IndexWorkerClient } from './remote-indexing';
import { SegmentIndex } from './segment-index';

/** How often indexing progress is reported while it catches up. */
const PROGRESS_MS = 500;
/** Most rows sent to the index worker at once. */
const WORKER_BATCH_ROWS = 8192;

/** A batch at the index worker: rows from `validTo` on changed meanwhile (late rows) and are indexed again. */
interface InFlight {
  segment: Segment;
  index: SegmentIndex;
  from: number;
  validTo: number;
}

export interface IndexerOptions {
  /** Longest stretch of indexing before the event loop gets a turn (ingest always comes first). */
  sliceMs?: number;
  /** Start indexing by itself after each commit (off in tests, which call `indexPending`). */
  auto?: boolean;
  /**
   * Assigns templates on another thread, leaving this one to ingest; the indexer owns it from then on.
   * Without it, or once it fails, indexing runs here in slices.
   */
  worker?: IndexWorkerClient;
  now?: () => number;
}

/**
 * Builds the segments' indexes behind the ingest path: committed rows are visible at once and indexed
 * in the background, by the index worker on another core (batches of rows in order, one at a time) or
 * here in short slices between I/O callbacks, so a burst raises the index lag instead of stalling the
 * stream. Searches answer the not-yet-indexed rows by scanning them.
 */
export class Indexer implements SegmentSidecar, Disposable {
  private indexes = new WeakMap<Segment, SegmentIndex>();
  /** Absolute row number of the next row to index. */
  private cursor = 0;
  /** Commit times, to express the lag in time: [first absolute row, committed at]. */
  private readonly commits: [number, number][] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private disposed = false;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private readonly progressListeners = new Set<() => void>();
  private lastProgress = 0;
  private worker: IndexWorkerClient | null;
  private inFlight: InFlight | null = null;
  /** Rows indexed since the indexer started. */
  indexedRows = 0;
  /** Why the index worker stopped, when it did (indexing then goes on in this thread). */
  workerError: string | null = null;

  constructor(
    private readonly store: LogStore,
    options: IndexerOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 8;
    this.now = options.now ?? Date.now;
    this.worker = options.worker ?? null;
    store.setSidecar(this);
    store.onCommit(({ firstChanged }) => {
      const flight = this.inFlight;
      if (flight) flight.validTo = Math.min(flight.validTo, firstChanged - flight.segment.firstRow);
      if (firstChanged < this.cursor) this.rewind(firstChanged);
      this.commits.push([firstChanged, this.now()]);
      if (options.auto !== false) this.schedule();
    });
  }

  /**
   * Called while indexing catches up without new lines arriving (at most every PROGRESS_MS) and when it
   * has caught up, so a lag shown to the user does not stay stale once the logs go quiet.
   */
  onProgress(listener: () => void): Disposable {
    this.progressListeners.add(listener);
    return { dispose: () => this.progressListeners.delete(listener) };
  }

  indexOf(segment: Segment): SegmentIndex | undefined {
    return this.indexes.get(segment);
  }

  memoryBytes(segment: Segment): number {
    return this.indexes.get(segment)?.memoryBytes() ?? 0;
  }

  /** Rows committed but not yet indexed. */
  get lagRows(): number {
    return Math.max(0, this.store.appended - Math.max(this.cursor, this.store.evicted));
  }

  /** How long the oldest not-yet-indexed row has waited, in ms. */
  lagMs(): number {
    const cursor = Math.max(this.cursor, this.store.evicted);
    if (cursor >= this.store.appended) return 0;
    const commits = this.commits;
    let at = commits[0]?.[1] ?? this.now();
    for (let i = commits.length - 1; i >= 0; i--) {
      if (commits[i][0] <= cursor) {
        at = commits[i][1];
        break;
      }
    }
    return Math.max(0, this.now() - at);
  }

  /** Indexes committed rows for up to `budgetMs`; returns the rows indexed. */
  indexPending(budgetMs = Infinity): number {
    const deadline = performance.now() + budgetMs;
    let done = 0;
    for (;;) {
      this.cursor = Math.max(this.cursor, this.store.evicted);
      if (this.cursor >= this.store.appended) break;
      const segment = this.store.segmentOf(this.cursor)!;
      const index = this.indexAt(segment);
      done += index.indexTo(segment.count, deadline);
      this.cursor = segment.firstRow + index.indexed;
      if (performance.now() > deadline) break;
    }
    this.advanced(done);
    return done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.worker?.dispose();
    this.worker = null;
  }

  /** The segment's index, made when first needed, starting at the cursor (rows evicted unindexed need no work). */
  private indexAt(segment: Segment): SegmentIndex {
    let index = this.indexes.get(segment);
    if (index === undefined) {
      index = new SegmentIndex(segment);
      this.indexes.set(segment, index);
    }
    index.indexed = Math.max(index.indexed, this.cursor - segment.firstRow);
    return index;
  }

  private advanced(rows: number): void {
    this.indexedRows += rows;
    while (this.commits.length > 1 && this.commits[1][0] <= this.cursor) this.commits.shift();
  }

  /** Sends the next rows to the index worker, unless a batch is there already or nothing waits. */
  private sendBatch(worker: IndexWorkerClient): void {
    if (this.inFlight) return;
    this.cursor = Math.max(this.cursor, this.store.evicted);
    if (this.cursor >= this.store.appended) return;
    const segment = this.store.segmentOf(this.cursor)!;
    const index = this.indexAt(segment);
    const from = index.indexed;
    const to = Math.min(segment.count, from + WORKER_BATCH_ROWS);
    const base = segment.starts[from];
    const starts = segment.starts.slice(from, to + 1);
    for (let i = 0; i < starts.length; i++) starts[i] -= base;
    const batch: IndexBatch = {
      segment: segment.firstRow,
      from,
      to,
      ascii: segment.ascii,
      // A view: the worker client copies it before the arena can change.
      bytes: segment.arena.subarray(base, segment.starts[to]),
      starts,
    };
    const flight: InFlight = { segment, index, from, validTo: to };
    this.inFlight = flight;
    worker.assign(batch).then(
      (result) => this.received(flight, result),
      (err: Error) => this.workerFailed(err),
    );
  }

  private received(flight: InFlight, result: IndexBatchResult): void {
    this.inFlight = null;
    if (this.disposed) return;
    const { segment, index } = flight;
    // New templates are taken even when the rows changed meanwhile: the worker counts them from here on.
    index.apply(result);
    if (index.indexed >= flight.from && flight.validTo > index.indexed) {
      const done = flight.validTo - index.indexed;
      index.indexed = flight.validTo;
      if (this.cursor >= segment.firstRow + flight.from) this.cursor = segment.firstRow + index.indexed;
      this.advanced(done);
    }
    this.reportProgress();
    this.schedule();
  }

  /** The worker failed: indexing starts over in this thread (its templates are not known here). */
  private workerFailed(err: Error): void {
    this.inFlight = null;
    if (this.disposed) return;
    this.workerError = err.message;
    this.worker?.dispose();
    this.worker = null;
    this.indexes = new WeakMap();
    this.cursor = this.store.evicted;
    this.schedule();
  }

  private reportProgress(): void {
    const caughtUp = this.lagRows === 0;
    const now = performance.now();
    if (caughtUp || now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      for (const listener of this.progressListeners) listener();
    }
  }

  /** Late rows were merged in at `row`: what follows it must be indexed again. */
  private rewind(row: number): void {
    this.cursor = row;
    const segment = this.store.segmentOf(row);
    const index = segment && this.indexes.get(segment);
    if (index) index.indexed = Math.min(index.indexed, row - segment.firstRow);
    while (this.commits.length > 0 && this.commits[this.commits.length - 1][0] > row) this.commits.pop();
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.worker) {
      this.sendBatch(this.worker);
      return;
    }
    if (this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = null;
      this.indexPending(this.sliceMs);
      this.reportProgress();
      if (this.lagRows > 0) this.schedule();
    });
  }
}
