/** Longest message kept; a longer multi-line event is cut here (and says so), so one event cannot exhaust memory. */
export const MAX_MESSAGE_CHARS = 256 * 1024;
const MAX_ARENA_BYTES = 64 * 1024 * 1024;
const INITIAL_BYTES_PER_ROW = 96;

/**
 * A run of consecutive rows of the merged order, stored as columns: timestamp, stream id and flags in
 * typed arrays, and every message's UTF-8 bytes copied into one arena (strings sliced from received
 * chunks would keep the whole chunks alive). Rows are only ever appended; once full, a segment is sealed
 * (its arena trimmed) and never changes again, so an index built over it stays valid until it is dropped.
 */
export class Segment {
  readonly ts: Float64Array;
  readonly stream: Uint32Array;
  readonly flags: Uint8Array;
  /** Byte offset of each row's message in the arena; starts[count] is the end of the last one. */
  readonly starts: Uint32Array;
  arena: Buffer;
  count = 0;
  sealed = false;
  /** True while every message is 7-bit ASCII: byte offsets are then character offsets. */
  ascii = true;
  minTs = Infinity;
  maxTs = -Infinity;

  constructor(
    /** Absolute row number (evicted rows included) of this segment's first row. */
    readonly firstRow: number,
    readonly capacity: number,
  ) {
    this.ts = new Float64Array(capacity);
    this.stream = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.starts = new Uint32Array(capacity + 1);
    this.arena = Buffer.allocUnsafeSlow(capacity * INITIAL_BYTES_PER_ROW);
  }

  get endRow(): number {
    return this.firstRow + this.count;
  }

  get full(): boolean {
    return this.sealed || this.count >= this.capacity;
  }

  /** Appends a row; false when the segment has no room left for it (the caller starts a new segment). */
  append(ts: number, stream: number, flags: number, message: string): boolean {
    if (this.full) return false;
    const text = message.length > MAX_MESSAGE_CHARS ? truncate(message) : message;
    const at = this.starts[this.count];
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (at + text.length * 3 > this.arena.length && !this.grow(at + text.length * 3)) {
      if (this.count === 0) throw new Error('a message larger than a whole segment cannot be stored');
      return false;
    }
    const written = this.arena.write(text, at, 'utf8');
    if (written !== text.length) this.ascii = false;
    const i = this.count++;
    this.ts[i] = ts;
    this.stream[i] = stream;
    this.flags[i] = flags;
    this.starts[i + 1] = at + written;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
    return true;
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

  /** No more rows: the arena is trimmed to what is used. */
  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    const used = this.starts[this.count];
    if (used < this.arena.length) {
      const exact = Buffer.allocUnsafeSlow(used);
      this.arena.copy(exact, 0, 0, used);
      this.arena = exact;
    }
  }

  memoryBytes(): number {
    return (
      this.ts.byteLength +
      this.stream.byteLength +
      this.flags.byteLength +
      this.starts.byteLength +
      this.arena.length
    );
  }

  private grow(needed: number): boolean {
    if (needed > MAX_ARENA_BYTES) return false;
    let size = this.arena.length * 2;
    while (size < needed) size *= 2;
    const bigger = Buffer.allocUnsafeSlow(Math.min(size, MAX_ARENA_BYTES));
    this.arena.copy(bigger, 0, 0, this.starts[this.count]);
    this.arena = bigger;
    return true;
  }
}

function truncate(message: string): string {
  return `${message.slice(0, MAX_MESSAGE_CHARS)} … [event truncated: ${message.length} characters]`;
}
