import { allocatedArenas, type ArenaSource } from './arena-source';
import { copyAsciiBytes, copyBytes, viewOf } from './byte-copy';

/** Longest message kept; a longer multi-line event is cut here (and says so), so one event cannot exhaust memory. */
export const MAX_MESSAGE_CHARS = 256 * 1024;
const MAX_ARENA_BYTES = 64 * 1024 * 1024;
/** Arena bytes per row of a segment when nothing better is known. */
const DEFAULT_BYTES_PER_ROW = 96;
const MIN_BYTES_PER_ROW = 16;
/** A dropped segment's arena is reused by a new segment whose expected size is within this share of it. */
const REUSED_ARENA_SLACK = 0.2;
/** Sealing copies the arena to its used size only when more than this share of it is unused. */
const TRIM_UNUSED_SHARE = 1 / 16;

/** A message as stored: at most MAX_MESSAGE_CHARS, saying so when it was cut. */
export function clampMessage(message: string): string {
  return message.length > MAX_MESSAGE_CHARS
    ? `${message.slice(0, MAX_MESSAGE_CHARS)} … [event truncated: ${message.length} characters]`
    : message;
}

/**
 * The memory of a segment's columns and arena. Reused from a dropped segment by a new one: on some
 * machines (virtual ones especially) first touching fresh memory costs a page fault per 4 KB that is
 * dearer than filling it.
 */
export interface SegmentStorage {
  ts: Float64Array;
  stream: Uint32Array;
  flags: Uint8Array;
  starts: Uint32Array;
  keys: Float64Array | null;
  arena: Buffer;
}

type Columns = Pick<SegmentStorage, 'ts' | 'stream' | 'flags' | 'starts'>;

/** A dropped segment's columns, when they have the capacity asked for. */
function reusedColumns(reuse: Partial<SegmentStorage>, capacity: number): Columns | null {
  const { ts, stream, flags, starts } = reuse;
  // starts[0] stays 0 in a reused array: only starts[1..] are ever written.
  return ts?.length === capacity &&
    stream?.length === capacity &&
    flags?.length === capacity &&
    starts?.length === capacity + 1
    ? { ts, stream, flags, starts }
    : null;
}

/** Bytes of a segment's columns laid out in one buffer (see carveColumns). */
function columnBytes(capacity: number): number {
  return capacity * 8 + (capacity + 1) * 4 + capacity * 4 + capacity;
}

/**
 * A segment's columns as views of one buffer from the arena source, widest first so that each is aligned:
 * one allocation whose pages the source may have touched already, instead of four fresh ones.
 */
function carveColumns(memory: Buffer, capacity: number): Columns {
  const { buffer, byteOffset } = memory;
  const ts = new Float64Array(buffer, byteOffset, capacity);
  const starts = new Uint32Array(buffer, ts.byteOffset + ts.byteLength, capacity + 1);
  const stream = new Uint32Array(buffer, starts.byteOffset + starts.byteLength, capacity);
  const flags = new Uint8Array(buffer, stream.byteOffset + stream.byteLength, capacity);
  starts[0] = 0;
  return { ts, stream, flags, starts };
}

/**
 * Rows in columns a segment copies from (the rows waiting in the merge stage). Read in place by index:
 * no object per row, no number boxed on the way.
 */
export interface RowColumns {
  readonly ts: Float64Array;
  readonly keys: Float64Array;
  readonly flags: Uint8Array;
  /** Messages as UTF-8, back to back: row i's is bytes[rowStart(i), ends[i]). */
  readonly bytes: Buffer;
  /** `bytes` as a DataView, to copy messages from (see copyBytes). */
  readonly bytesView: DataView;
  readonly ends: Uint32Array;
  rowStart(i: number): number;
  isAscii(i: number): boolean;
}

/**
 * Rows taken out of a segment to be appended again (late rows are merged in before them): columns and
 * message bytes in storage reused from one cut to the next.
 */
export class MovedRows {
  count = 0;
  ts = new Float64Array(0);
  keys = new Float64Array(0);
  stream = new Uint32Array(0);
  flags = new Uint8Array(0);
  /** End of each row's message in `bytes`; a row starts where the one before it ends. */
  ends = new Uint32Array(0);
  bytes = Buffer.alloc(0);
  bytesView = viewOf(this.bytes);
  /** Whether every message is 7-bit ASCII (as far as their segment knew). */
  ascii = true;

  rowStart(row: number): number {
    return row === 0 ? 0 : this.ends[row - 1];
  }

  /** Room for `rows` rows of `bytes` message bytes; what was held is dropped. */
  reserve(rows: number, bytes: number): void {
    if (this.ts.length < rows) {
      const size = Math.max(rows, this.ts.length * 2);
      this.ts = new Float64Array(size);
      this.keys = new Float64Array(size);
      this.stream = new Uint32Array(size);
      this.flags = new Uint8Array(size);
      this.ends = new Uint32Array(size);
    }
    if (this.bytes.length < bytes) {
      this.bytes = Buffer.allocUnsafe(Math.max(bytes, this.bytes.length * 2));
      this.bytesView = viewOf(this.bytes);
    }
  }
}

/**
 * A run of consecutive rows of the merged order, stored as columns: timestamp, stream id and flags in
 * typed arrays, and every message's UTF-8 bytes copied into one arena (strings sliced from received
 * chunks would keep the whole chunks alive). Rows are appended; late rows may still be merged into the
 * newest segment. Once full, a segment is sealed (its arena trimmed, its placement keys dropped) and never
 * changes again, so an index built over it stays valid until it is dropped.
 */
export class Segment {
  ts: Float64Array;
  stream: Uint32Array;
  flags: Uint8Array;
  /** Byte offset of each row's message in the arena; starts[count] is the end of the last one. */
  starts: Uint32Array;
  /** Placement time of each row while the segment still takes rows. */
  private keys: Float64Array | null;
  arena: Buffer;
  /** The arena as a DataView, to copy messages into. */
  private arenaView: DataView;
  count = 0;
  sealed = false;
  /** True while every message is 7-bit ASCII: byte offsets are then character offsets. */
  ascii = true;
  minTs = Infinity;
  maxTs = -Infinity;
  /** Placement time of the last row, once sealed (the keys are dropped then). */
  lastKey = -Infinity;
  /** A reused arena is not grown: once full, the segment ends with fewer rows than its capacity. */
  private readonly fixedArena: boolean;

  constructor(
    /** Absolute row number (evicted rows included) of this segment's first row. */
    readonly firstRow: number,
    readonly capacity: number,
    /** Expected message bytes per row (the previous segment's): the arena rarely has to grow or be trimmed. */
    bytesPerRow = DEFAULT_BYTES_PER_ROW,
    /** Storage of a dropped segment to reuse where it fits. */
    reuse: Partial<SegmentStorage> = {},
    /** Where the arena comes from when no dropped one fits. */
    arenas: ArenaSource = allocatedArenas,
  ) {
    const columns =
      reusedColumns(reuse, capacity) ?? carveColumns(arenas.take(columnBytes(capacity)), capacity);
    this.ts = columns.ts;
    this.stream = columns.stream;
    this.flags = columns.flags;
    this.starts = columns.starts;
    this.keys = reuse.keys?.length === capacity ? reuse.keys : new Float64Array(capacity);
    const bytes = Math.min(MAX_ARENA_BYTES, Math.ceil(capacity * Math.max(MIN_BYTES_PER_ROW, bytesPerRow)));
    const arena = reuse.arena;
    this.fixedArena =
      arena !== undefined &&
      arena.length >= bytes * (1 - REUSED_ARENA_SLACK) &&
      arena.length <= bytes * (1 + REUSED_ARENA_SLACK);
    this.arena = this.fixedArena ? arena! : arenas.take(bytes);
    this.arenaView = viewOf(this.arena);
  }

  get endRow(): number {
    return this.firstRow + this.count;
  }

  get full(): boolean {
    return this.sealed || this.count >= this.capacity;
  }

  /** Appends a row; false when the segment has no room left for it (the caller starts a new segment). */
  append(ts: number, key: number, stream: number, flags: number, message: string): boolean {
    if (this.full) return false;
    const text = clampMessage(message);
    const at = this.starts[this.count];
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (at + text.length * 3 > this.arena.length && !this.grow(at + text.length * 3)) {
      if (this.count === 0) throw new Error('a message larger than a whole segment cannot be stored');
      return false;
    }
    const written = this.arena.write(text, at, 'utf8');
    if (written !== text.length) this.ascii = false;
    this.place(ts, key, stream, flags, at + written);
    return true;
  }

  /** Appends row `i` of `rows` (its message already UTF-8); false when there is no room left for it. */
  appendFrom(rows: RowColumns, i: number, stream: number): boolean {
    if (this.full) return false;
    const start = rows.rowStart(i);
    const end = rows.ends[i];
    const at = this.starts[this.count];
    if (at + end - start > this.arena.length && !this.grow(at + end - start)) {
      if (this.count === 0) throw new Error('a message larger than a whole segment cannot be stored');
      return false;
    }
    if (rows.isAscii(i)) {
      copyAsciiBytes(rows.bytesView, start, end, this.arenaView, at);
    } else {
      copyBytes(rows.bytesView, start, end, this.arenaView, at);
      this.ascii = false;
    }
    this.place(rows.ts[i], rows.keys[i], stream, rows.flags[i], at + end - start);
    return true;
  }

  /**
   * Appends rows [from, to) of rows cut out before (see cut), as many as there is room for; returns how
   * many. A late merge puts back runs of them between its own rows: their bytes go in one copy and their
   * columns in one loop, where a row at a time cost several times more (the rows moved are often more
   * than the late rows themselves).
   */
  appendMoved(rows: MovedRows, from: number, to: number): number {
    if (this.full) return 0;
    let end = Math.min(to, from + this.capacity - this.count);
    const base = rows.rowStart(from);
    const at = this.starts[this.count];
    // Where a byte of the moved rows lands in the arena, less its place among them.
    const shift = at - base;
    if (shift + rows.ends[end - 1] > this.arena.length && !this.grow(shift + rows.ends[end - 1])) {
      while (end > from && shift + rows.ends[end - 1] > this.arena.length) end--;
      if (end === from) return 0;
    }
    copyBytes(rows.bytesView, base, rows.ends[end - 1], this.arenaView, at);
    const first = this.count - from;
    const keys = this.keys!;
    for (let i = from; i < end; i++) {
      const ts = rows.ts[i];
      keys[first + i] = rows.keys[i];
      this.ts[first + i] = ts;
      this.stream[first + i] = rows.stream[i];
      this.flags[first + i] = rows.flags[i];
      this.starts[first + i + 1] = rows.ends[i] + shift;
      if (ts < this.minTs) this.minTs = ts;
      if (ts > this.maxTs) this.maxTs = ts;
    }
    if (!rows.ascii) this.ascii = false;
    this.count += end - from;
    return end - from;
  }

  /** Where a row placed at `key` belongs: after every row placed at or before it (sealed: the end). */
  positionOf(key: number): number {
    const keys = this.keys;
    if (keys === null) return this.count;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves the rows from `from` on into `into` (replacing what it held), to append again. */
  cut(from: number, into: MovedRows): void {
    const count = this.count - from;
    const base = this.starts[from];
    const end = this.starts[this.count];
    into.reserve(count, end - base);
    into.ts.set(this.ts.subarray(from, this.count));
    into.keys.set(this.keys!.subarray(from, this.count));
    into.stream.set(this.stream.subarray(from, this.count));
    into.flags.set(this.flags.subarray(from, this.count));
    for (let i = 0; i < count; i++) into.ends[i] = this.starts[from + i + 1] - base;
    this.arena.copy(into.bytes, 0, base, end);
    into.count = count;
    into.ascii = this.ascii;
    this.count = from;
  }

  message(i: number): string {
    return this.arena.toString('utf8', this.starts[i], this.starts[i + 1]);
  }

  /** Row (within the segment) whose message holds arena byte `offset`. */
  rowAtByte(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid + 1] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Message bytes per row so far. */
  get bytesPerRow(): number {
    return this.count === 0 ? 0 : this.starts[this.count] / this.count;
  }

  /**
   * No more rows: the arena is trimmed to what is used, unless little of it is unused. Returns the
   * placement keys, no longer needed here (null when sealed before).
   */
  seal(): Float64Array | null {
    if (this.sealed) return null;
    this.sealed = true;
    const keys = this.keys;
    this.keys = null;
    if (this.count > 0) this.lastKey = keys![this.count - 1];
    const used = this.starts[this.count];
    if (this.arena.length - used > this.arena.length * TRIM_UNUSED_SHARE) {
      const exact = Buffer.allocUnsafeSlow(used);
      this.arena.copy(exact, 0, 0, used);
      this.useArena(exact);
    }
    return keys;
  }

  /**
   * The segment left the window: its storage is handed over for a new segment, and it is left empty, so
   * anything still holding it reads no rows rather than another segment's.
   */
  release(): Omit<SegmentStorage, 'keys'> {
    const storage = {
      ts: this.ts,
      stream: this.stream,
      flags: this.flags,
      starts: this.starts,
      arena: this.arena,
    };
    this.seal();
    this.count = 0;
    this.ts = new Float64Array(0);
    this.stream = new Uint32Array(0);
    this.flags = new Uint8Array(0);
    this.starts = new Uint32Array(1);
    this.useArena(Buffer.alloc(0));
    return storage;
  }

  memoryBytes(): number {
    return (
      this.ts.byteLength +
      this.stream.byteLength +
      this.flags.byteLength +
      this.starts.byteLength +
      (this.keys?.byteLength ?? 0) +
      this.arena.length
    );
  }

  private place(ts: number, key: number, stream: number, flags: number, end: number): void {
    const i = this.count++;
    this.keys![i] = key;
    this.ts[i] = ts;
    this.stream[i] = stream;
    this.flags[i] = flags;
    this.starts[i + 1] = end;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
  }

  private grow(needed: number): boolean {
    if (needed > MAX_ARENA_BYTES || (this.fixedArena && this.count > 0)) return false;
    let size = this.arena.length * 2;
    while (size < needed) size *= 2;
    const bigger = Buffer.allocUnsafeSlow(Math.min(size, MAX_ARENA_BYTES));
    this.arena.copy(bigger, 0, 0, this.starts[this.count]);
    this.useArena(bigger);
    return true;
  }

  private useArena(arena: Buffer): void {
    this.arena = arena;
    this.arenaView = viewOf(arena);
  }
}
