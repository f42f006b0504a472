import type { LogEvent, StreamRow } from '../../shared/types';
import type { SourceIdentity } from '../ingest/source-ingest';
import type { ParsedRows } from '../ingest/parsed-rows';
import { allocatedArenas, type ArenaSource } from './arena-source';
import { MergeStage, type TakenRowsListener } from './merge-stage';
import { flagLevel, flagLevelCode, flagMarker, flagOrigin, isMarker, packFlags } from './row-flags';
import { Rollups } from './rollups';
import { MovedRows, Segment, type RowColumns, type SegmentStorage } from './segment';
import type { StagedRows } from './staged-rows';
import { StreamTable } from './stream-table';

export interface LogStoreOptions {
  /** Most rows kept in the window. */
  maxLines?: number;
  /** Memory budget of rows, messages and index together, in bytes. */
  maxBytes?: number;
  /** Rows per segment (the unit of eviction, sealing and indexing). */
  segmentRows?: number;
  /** Longest a row waits for the watermark before it is placed anyway. */
  holdMs?: number;
  /** Memory for new segments' arenas (default: allocated when needed). */
  arenas?: ArenaSource;
  now?: () => number;
}

/** How many of the newest rows a late row may always be merged in among. */
const LATE_MERGE_ROWS = 8192;
/**
 * Rows late merges may move per second beyond that: while they stay within it, a late row is merged in
 * among all the rows of the newest segment (hosts' backlogs arriving one after another as they connect,
 * each behind the ones before, are then placed in time order); a burst of late rows spends it and falls
 * back to the newest LATE_MERGE_ROWS.
 */
const LATE_MOVES_PER_SEC = 1_000_000;
/** A new segment's arena: the previous segment's bytes per row times this. */
const ARENA_HEADROOM = 1.04;

export const STORE_DEFAULTS = {
  maxLines: 2_000_000,
  maxBytes: 1024 * 1024 * 1024,
  segmentRows: 65_536,
  holdMs: 250,
};

/** Something kept per segment outside the store (the search index): counted in the memory budget. */
export interface SegmentSidecar {
  memoryBytes(segment: Segment): number;
}

/** What a commit changed: rows from `firstChanged` (absolute) on are new or moved by late rows. */
export interface Commit {
  firstChanged: number;
  /** Rows placed. */
  placed: number;
  /** Timestamp and flags of each row placed, in merged order; valid during the listener's call only. */
  timestamps: Float64Array;
  flags: Uint8Array;
}

export type CommitListener = (commit: Commit) => void;

/**
 * The merged, time-ordered window of every source's rows. Rows wait briefly in a merge stage until the
 * watermark places them (see MergeStage), then are appended to columnar segments, so the physical order
 * is the merged order and a row's index never changes except by eviction. The window is bounded by a
 * row count and a memory budget; the oldest rows are evicted first and counted.
 *
 * Row numbers: an index (0 = oldest row still in the window) is what the contract exposes; an absolute
 * row number counts evicted rows too (absolute = evicted + index).
 */
export class LogStore {
  readonly streams = new StreamTable();
  readonly rollups: Rollups;
  /** Segments of the window, oldest first; the last one receives new rows. */
  readonly segments: Segment[] = [];
  /** Rows evicted from the window since the store was created. */
  evicted = 0;
  /** Rows placed since the store was created. */
  appended = 0;
  /**
   * Rows that arrived after the watermark had passed their time. They are merged into their place among
   * the newest rows of the newest segment (moving the rows after them), or put just before those rows when
   * their place is older still.
   */
  late = 0;
  private readonly stage: MergeStage;
  private readonly options: Required<Omit<LogStoreOptions, 'now' | 'arenas'>>;
  private readonly arenas: ArenaSource;
  private readonly now: () => number;
  private readonly listeners: CommitListener[] = [];
  private sidecar: SegmentSidecar | null = null;
  private lastKey = -Infinity;
  /** Rows cut out of the newest segment for late rows to be merged in before them. */
  private readonly moved = new MovedRows();
  private movedNext = 0;
  /** Storage of the last segment dropped and the keys of the last one sealed, for the next new segment. */
  private spare: Partial<SegmentStorage> = {};
  /** The commit being placed: rows so far, the newest placement time before it, its first changed row. */
  private placing = { rows: 0, keyBefore: -Infinity, firstChanged: 0 };
  private commitTs = new Float64Array(1024);
  private commitFlags = new Uint8Array(1024);
  /** Rows late merges may still move (see lateMoveCredit), as of `creditAt`. */
  private moveCredit: number;
  private creditAt: number;

  constructor(options: LogStoreOptions = {}) {
    this.options = {
      maxLines: options.maxLines ?? STORE_DEFAULTS.maxLines,
      maxBytes: options.maxBytes ?? STORE_DEFAULTS.maxBytes,
      segmentRows: options.segmentRows ?? STORE_DEFAULTS.segmentRows,
      holdMs: options.holdMs ?? STORE_DEFAULTS.holdMs,
    };
    this.now = options.now ?? Date.now;
    this.arenas = options.arenas ?? allocatedArenas;
    this.moveCredit = this.options.segmentRows;
    this.creditAt = this.now();
    this.stage = new MergeStage(this.streams, this.options.holdMs);
    this.rollups = new Rollups(this.streams.hosts, this.streams.apps);
  }

  /** Rows in the window. */
  get size(): number {
    return this.appended - this.evicted;
  }

  /** Rows received but not yet placed in the merged order. */
  get waiting(): number {
    return this.stage.waiting;
  }

  /** Bytes held for the rows waiting to be placed (buffers sized to recent bursts, given back when quiet). */
  waitingBytes(): number {
    return this.stage.heldBytes();
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Is told of the rows a commit places, by stream, as their columns wait in the merge stage: each new row
   * once (the rows a late merge moves are not new), before the commit's listeners are called.
   */
  onRowsTaken(listener: TakenRowsListener): void {
    this.stage.onTaken(listener);
  }

  setSidecar(sidecar: SegmentSidecar): void {
    this.sidecar = sidecar;
  }

  /** Receives rows (from any sources, each source's rows in its order); they become visible on commit. */
  add(batch: readonly LogEvent[]): void {
    if (batch.length > 0) this.stage.add(batch, this.now());
  }

  /** Receives one source's rows already in columns (parsed on another thread); visible on commit. */
  addRows(source: SourceIdentity, rows: ParsedRows): void {
    if (rows.count > 0)
      this.stage.addRows(this.streams.intern(source.host, source.app, source.source), rows, this.now());
  }

  /** Places every waiting row the watermark has passed; returns how many. */
  commit(): number {
    return this.place(this.stage.watermark(this.now()));
  }

  /** Places every waiting row, whatever the watermark (end of input, tests). */
  flush(): number {
    return this.place(Infinity);
  }

  /**
   * Appends rows already in merged order (a recorded window being reopened) exactly as given, past the
   * merge stage: their order was decided when they were recorded, late rows included.
   */
  placeRecorded(events: readonly LogEvent[]): void {
    if (events.length === 0) return;
    const firstChanged = this.appended;
    events.forEach((event, i) => {
      const key = event.ts > this.lastKey ? event.ts : this.lastKey;
      this.lastKey = key;
      const flags = this.appendEvent(event, key, this.streams.intern(event.host, event.app, event.source));
      this.noteCommitted(i, event.ts, flags);
    });
    this.evict();
    const commit: Commit = {
      firstChanged,
      placed: events.length,
      timestamps: this.commitTs.subarray(0, events.length),
      flags: this.commitFlags.subarray(0, events.length),
    };
    for (const listener of this.listeners) listener(commit);
  }

  page(from: number, count: number): StreamRow[] {
    const rows: StreamRow[] = [];
    const end = Math.min(this.size, from + count);
    for (let i = Math.max(0, from); i < end; i++) rows.push(this.row(i));
    return rows;
  }

  row(index: number): StreamRow {
    const absolute = this.evicted + index;
    const segment = this.segmentOf(absolute);
    if (segment === undefined) throw new RangeError(`row ${index} is outside the window (${this.size} rows)`);
    const i = absolute - segment.firstRow;
    const flags = segment.flags[i];
    const stream = this.streams.streams[segment.stream[i]];
    const marker = flagMarker(flags);
    return {
      index,
      ts: segment.ts[i],
      tsOrigin: flagOrigin(flags),
      host: stream.host,
      app: stream.app,
      source: stream.source,
      level: flagLevel(flags),
      message: segment.message(i),
      ...(marker ? { marker } : {}),
    };
  }

  /** The segment holding absolute row `absolute`, if it is in the window. */
  segmentOf(absolute: number): Segment | undefined {
    if (absolute < this.evicted || absolute >= this.appended) return undefined;
    const segments = this.segments;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segments[mid].firstRow <= absolute) lo = mid;
      else hi = mid - 1;
    }
    return segments[lo];
  }

  /** Bytes held by the window: columns, message arenas, sidecar (index) and rollups. */
  memoryBytes(): number {
    let bytes = this.rollups.memoryBytes();
    for (const segment of this.segments) bytes += this.segmentBytes(segment);
    return bytes;
  }

  private segmentBytes(segment: Segment): number {
    return segment.memoryBytes() + (this.sidecar?.memoryBytes(segment) ?? 0);
  }

  private place(watermark: number): number {
    if (this.stage.waiting === 0) return 0;
    this.placing = { rows: 0, keyBefore: this.lastKey, firstChanged: this.appended };
    this.moved.count = 0;
    this.movedNext = 0;
    const placed = this.stage.take(watermark, this.placeRow);
    if (placed === 0) return 0;
    this.appendMoved(this.moved.count);
    this.evict();
    const commit: Commit = {
      firstChanged: this.placing.firstChanged,
      placed,
      timestamps: this.commitTs.subarray(0, placed),
      flags: this.commitFlags.subarray(0, placed),
    };
    for (const listener of this.listeners) listener(commit);
    return placed;
  }

  /**
   * Places the next row of a commit (rows come in merged order, so the late ones, behind rows already
   * placed, come first). The first late row makes room among the newest rows: they are cut out and
   * appended again as the commit's rows pass them. Only the newest rows make room (the newest segment's
   * while the moves' budget allows, see LATE_MOVES_PER_SEC): a row later than that is placed before them,
   * so the work stays bounded however far behind a source is.
   */
  private readonly placeRow = (rows: StagedRows, i: number, stream: number): void => {
    const placing = this.placing;
    const key = rows.keys[i];
    if (key < placing.keyBefore) {
      this.late++;
      const active = this.segments[this.segments.length - 1];
      if (placing.rows === 0 && active !== undefined && !active.sealed) {
        const pos = Math.max(this.lateCutAt(active, key), this.evicted - active.firstRow, 0);
        active.cut(pos, this.moved);
        this.moveCredit -= this.moved.count;
        this.appended -= this.moved.count;
        placing.firstChanged = active.firstRow + pos;
      }
    }
    const moved = this.moved;
    let movedEnd = this.movedNext;
    while (movedEnd < moved.count && moved.keys[movedEnd] <= key) movedEnd++;
    if (movedEnd > this.movedNext) this.appendMoved(movedEnd);
    this.appendRow(rows, i, stream);
    const flags = rows.flags[i];
    if (!isMarker(flags))
      this.rollups.add(
        rows.ts[i],
        this.streams.hostOf[stream],
        this.streams.appOf[stream],
        flagLevelCode(flags),
      );
    if (key > this.lastKey) this.lastKey = key;
    this.noteCommitted(placing.rows++, rows.ts[i], flags);
  };

  /**
   * Where the newest segment is cut for a late row placed at `key`: at its place when that is among the
   * newest LATE_MERGE_ROWS rows, or when the moves' budget reaches it; else before the newest
   * LATE_MERGE_ROWS rows. Moving more rows than that without reaching the place would only shift where
   * the order goes back, so the budget is kept for the rows it can put in place.
   */
  private lateCutAt(active: Segment, key: number): number {
    const place = active.positionOf(key);
    const newest = active.count - LATE_MERGE_ROWS;
    if (place >= newest) return place;
    const reachable = place > 0 || this.previousKey() <= key;
    return reachable && active.count - place <= this.lateMoveCredit() ? place : newest;
  }

  /** Placement time of the last row before the newest segment still in the window, or -Infinity. */
  private previousKey(): number {
    const previous = this.segments[this.segments.length - 2];
    return previous === undefined || previous.endRow <= this.evicted ? -Infinity : previous.lastKey;
  }

  /** Rows late merges may move now beyond the newest LATE_MERGE_ROWS: refilled with time, up to a segment. */
  private lateMoveCredit(): number {
    const now = this.now();
    const refill = (Math.max(0, now - this.creditAt) * LATE_MOVES_PER_SEC) / 1000;
    this.moveCredit = Math.min(this.options.segmentRows, this.moveCredit + refill);
    this.creditAt = now;
    // Whole rows: a clock with fractions of a millisecond refills fractions of one.
    return Math.floor(this.moveCredit);
  }

  /** Puts back the moved rows up to `end` (see placeRow), starting new segments as the newest fills. */
  private appendMoved(end: number): void {
    while (this.movedNext < end) {
      let segment = this.segments[this.segments.length - 1];
      let n = segment === undefined ? 0 : segment.appendMoved(this.moved, this.movedNext, end);
      if (n === 0) {
        segment = this.newSegment();
        n = segment.appendMoved(this.moved, this.movedNext, end);
        if (n === 0) throw new Error('a message larger than a whole segment cannot be stored');
      }
      this.movedNext += n;
      this.appended += n;
      if (segment.count === segment.capacity) this.seal(segment);
    }
  }

  /** Appends a row from columns (its rollups are the caller's), starting a new segment when the newest is full. */
  private appendRow(rows: RowColumns, i: number, stream: number): void {
    let segment = this.segments[this.segments.length - 1];
    if (segment === undefined || !segment.appendFrom(rows, i, stream)) {
      segment = this.newSegment();
      segment.appendFrom(rows, i, stream);
    }
    this.placed(segment);
  }

  private noteCommitted(row: number, ts: number, flags: number): void {
    if (row >= this.commitTs.length) {
      const ts2 = new Float64Array(this.commitTs.length * 2);
      ts2.set(this.commitTs);
      this.commitTs = ts2;
      const flags2 = new Uint8Array(this.commitFlags.length * 2);
      flags2.set(this.commitFlags);
      this.commitFlags = flags2;
    }
    this.commitTs[row] = ts;
    this.commitFlags[row] = flags;
  }

  /** Appends a recorded event; returns its flags. */
  private appendEvent(event: LogEvent, key: number, stream: number): number {
    const flags = packFlags(event.level, event.tsOrigin, event.marker);
    let segment = this.segments[this.segments.length - 1];
    if (segment === undefined || !segment.append(event.ts, key, stream, flags, event.message)) {
      segment = this.newSegment();
      segment.append(event.ts, key, stream, flags, event.message);
    }
    this.placed(segment);
    if (!isMarker(flags))
      this.rollups.add(
        event.ts,
        this.streams.hostOf[stream],
        this.streams.appOf[stream],
        flagLevelCode(flags),
      );
    return flags;
  }

  private newSegment(): Segment {
    const previous = this.segments[this.segments.length - 1];
    if (previous) this.seal(previous);
    // Sized a little above the previous segment's use (the first one: the rows waiting to be placed), so
    // the arena is neither grown nor trimmed.
    const expected =
      previous === undefined ? this.stage.bytesPerRow() : previous.full ? previous.bytesPerRow : undefined;
    const bytesPerRow = expected === undefined ? undefined : expected * ARENA_HEADROOM;
    const segment = new Segment(
      this.appended,
      this.options.segmentRows,
      bytesPerRow,
      this.spare,
      this.arenas,
    );
    this.spare = {};
    this.segments.push(segment);
    return segment;
  }

  private seal(segment: Segment): void {
    const keys = segment.seal();
    if (keys) this.spare.keys = keys;
  }

  /** The oldest segment leaves the window; its storage is kept for the next new segment. */
  private dropOldest(): void {
    const dropped = this.segments.shift()!;
    this.spare = { ...dropped.release(), keys: this.spare.keys };
  }

  private placed(segment: Segment): void {
    this.appended++;
    if (segment.count === segment.capacity) this.seal(segment);
  }

  private evict(): void {
    const over = this.size - this.options.maxLines;
    if (over > 0) this.evicted += over;
    if (this.segments.length > 1 && this.memoryBytes() > this.options.maxBytes) {
      // Memory is returned a segment at a time: drop whole oldest segments until under budget.
      let bytes = this.memoryBytes();
      while (this.segments.length > 1 && bytes > this.options.maxBytes) {
        bytes -= this.segmentBytes(this.segments[0]);
        this.evicted = Math.max(this.evicted, this.segments[0].endRow);
        this.dropOldest();
      }
    }
    while (this.segments.length > 0 && this.segments[0].endRow <= this.evicted && this.segments[0].full)
      this.dropOldest();
  }
}
