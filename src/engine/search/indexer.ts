import type { Disposable } from '../disposable';
import type { LogStore, SegmentSidecar } from '../store/log-store';
import type { Segment } from '../store/segment';
import { SegmentIndex } from './segment-index';

/** How often indexing progress is reported while it catches up. */
const PROGRESS_MS = 500;

export interface IndexerOptions {
  /** Longest stretch of indexing before the event loop gets a turn (ingest always comes first). */
  sliceMs?: number;
  /** Start indexing by itself after each commit (off in tests, which call `indexPending`). */
  auto?: boolean;
  now?: () => number;
}

/**
 * Builds the segments' indexes behind the ingest path: committed rows are visible at once, and indexed in
 * short slices between I/O callbacks, so a burst raises the index lag instead of stalling the stream.
 * Searches answer the not-yet-indexed rows by scanning them.
 */
export class Indexer implements SegmentSidecar, Disposable {
  private readonly indexes = new WeakMap<Segment, SegmentIndex>();
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
  /** Rows indexed since the indexer started. */
  indexedRows = 0;

  constructor(
    private readonly store: LogStore,
    options: IndexerOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 8;
    this.now = options.now ?? Date.now;
    store.setSidecar(this);
    store.onCommit(({ firstChanged }) => {
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
      let index = this.indexes.get(segment);
      if (index === undefined) {
        index = new SegmentIndex(segment);
        this.indexes.set(segment, index);
      }
      // Rows evicted before they were indexed need no work: searches never look at them.
      index.indexed = Math.max(index.indexed, this.cursor - segment.firstRow);
      done += index.indexTo(segment.count, deadline);
      this.cursor = segment.firstRow + index.indexed;
      if (performance.now() > deadline) break;
    }
    this.indexedRows += done;
    while (this.commits.length > 1 && this.commits[1][0] <= this.cursor) this.commits.shift();
    return done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
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
    if (this.scheduled || this.disposed) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = null;
      this.indexPending(this.sliceMs);
      const caughtUp = this.lagRows === 0;
      const now = performance.now();
      if (caughtUp || now - this.lastProgress >= PROGRESS_MS) {
        this.lastProgress = now;
        for (const listener of this.progressListeners) listener();
      }
      if (!caughtUp) this.schedule();
    });
  }
}
