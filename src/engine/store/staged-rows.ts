import type { ParsedRows } from '../ingest/parsed-rows';
import { copyWithShared, viewOf } from './byte-copy';
import { clampMessage, type RowColumns } from './segment';

const INITIAL_ROWS = 1024;
const INITIAL_BYTES = 64 * 1024;
/** Characters of queued messages written at once: the joined text stays a young, regular-sized string. */
const MAX_QUEUED_CHARS = 32 * 1024;

/**
 * One stream's rows waiting in the merge stage: placement key, timestamp and flags in typed arrays, and
 * messages as UTF-8 bytes back to back, all reused from batch to batch. Nothing here is a JavaScript
 * object per row, so a burst leaves the garbage collector nothing to copy or promote; taken rows' room
 * is reclaimed when room is needed.
 *
 * A row's columns are set when it is pushed and its message queued; `writeMessages` (called by the
 * pusher at the end of its batch) writes the queued messages with one call when they are all ASCII,
 * which costs a third of writing each (one native call per batch instead of per row).
 */
export class StagedRows implements RowColumns {
  keys = new Float64Array(INITIAL_ROWS);
  ts = new Float64Array(INITIAL_ROWS);
  flags = new Uint8Array(INITIAL_ROWS);
  /** End of each row's message in `bytes`; a row starts where the one before it ends (the first at 0). */
  ends = new Uint32Array(INITIAL_ROWS);
  /** 1 where a row's message is not all 7-bit ASCII. */
  wide = new Uint8Array(INITIAL_ROWS);
  bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  bytesView = viewOf(this.bytes);
  /** Rows [start, count) wait; the ones before `start` were taken. */
  start = 0;
  count = 0;
  /** Most rows and message bytes held at once since the storage was last sized. */
  private peakRows = 0;
  private peakBytes = 0;
  /** Messages of the last rows pushed, not written yet, and their length in characters. */
  private readonly queued: string[] = [];
  private queuedChars = 0;

  get waiting(): number {
    return this.count - this.start;
  }

  /** Where row `i`'s message starts in `bytes`. */
  rowStart(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }

  isAscii(i: number): boolean {
    return this.wide[i] === 0;
  }

  /** Appends a row; its message is written by the next writeMessages. */
  push(key: number, ts: number, flags: number, message: string): void {
    const text = clampMessage(message);
    if (this.queuedChars + text.length > MAX_QUEUED_CHARS) this.writeMessages();
    if (this.count === this.keys.length) this.makeRowRoom();
    const i = this.count++;
    this.keys[i] = key;
    this.ts[i] = ts;
    this.flags[i] = flags;
    this.queued.push(text);
    this.queuedChars += text.length;
    if (this.count > this.peakRows) this.peakRows = this.count;
  }

  /**
   * Appends rows already in columns (parsed elsewhere): their bytes in one copy. Each row's placement key is
   * its time, or the one before it when later (a source's rows keep their order); returns the last key.
   */
  pushRows(from: ParsedRows, keyBefore: number): number {
    this.writeMessages();
    const n = from.count;
    const byteCount = n === 0 ? 0 : from.ends[n - 1];
    if (this.count + n > this.keys.length) {
      this.compact();
      let rows = this.keys.length;
      while (this.count + n > rows) rows *= 2;
      if (rows > this.keys.length) this.resizeRows(rows);
    }
    if (this.usedBytes() + byteCount > this.bytes.length) this.makeByteRoom(byteCount);
    const first = this.count;
    const base = this.usedBytes();
    copyWithShared(from.bytes.subarray(0, byteCount), this.bytes, base);
    this.ts.set(from.ts.subarray(0, n), first);
    this.flags.set(from.flags.subarray(0, n), first);
    this.wide.set(from.wide.subarray(0, n), first);
    const { keys, ends } = this;
    let key = keyBefore;
    for (let i = 0; i < n; i++) {
      const ts = from.ts[i];
      if (ts > key) key = ts;
      keys[first + i] = key;
      ends[first + i] = base + from.ends[i];
    }
    this.count += n;
    if (this.count > this.peakRows) this.peakRows = this.count;
    if (base + byteCount > this.peakBytes) this.peakBytes = base + byteCount;
    return key;
  }

  /** Writes the queued messages' bytes: the rows pushed are complete after it. */
  writeMessages(): void {
    const queued = this.queued;
    const n = queued.length;
    if (n === 0) return;
    const text = n === 1 ? queued[0] : queued.join('');
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.usedBytes() + text.length * 3 > this.bytes.length) this.makeByteRoom(text.length * 3);
    const first = this.count - n;
    let at = this.usedBytes();
    if (this.bytes.write(text, at, 'utf8') === text.length) {
      // All ASCII: a byte per character.
      for (let k = 0; k < n; k++) {
        at += queued[k].length;
        this.ends[first + k] = at;
        this.wide[first + k] = 0;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const written = this.bytes.write(queued[k], at, 'utf8');
        at += written;
        this.ends[first + k] = at;
        this.wide[first + k] = written === queued[k].length ? 0 : 1;
      }
    }
    queued.length = 0;
    this.queuedChars = 0;
    if (at > this.peakBytes) this.peakBytes = at;
  }

  /** The rows before `end` were taken. */
  taken(end: number): void {
    if (end === this.count) {
      this.start = 0;
      this.count = 0;
    } else {
      this.start = end;
    }
  }

  /** The first row at or after `start` placed after `key` (or `count`). */
  upperBound(key: number): number {
    let lo = this.start;
    let hi = this.count;
    if (hi === lo || this.keys[hi - 1] <= key) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Message bytes of the waiting rows. */
  waitingBytes(): number {
    return this.count === this.start ? 0 : this.ends[this.count - 1] - this.rowStart(this.start);
  }

  heldBytes(): number {
    return (
      this.keys.byteLength +
      this.ts.byteLength +
      this.flags.byteLength +
      this.ends.byteLength +
      this.wide.byteLength +
      this.bytes.length
    );
  }

  /** Sizes the storage down to twice the most it held since the last call (a burst's size is not kept). */
  shrink(): void {
    this.compact();
    const rows = Math.max(INITIAL_ROWS, 2 * this.peakRows);
    if (this.keys.length > 2 * rows) this.resizeRows(rows);
    const bytes = Math.max(INITIAL_BYTES, 2 * this.peakBytes);
    if (this.bytes.length > 2 * bytes) this.resizeBytes(bytes);
    this.peakRows = this.count;
    this.peakBytes = this.usedBytes();
  }

  /** Rows whose messages are written (the others' are queued). */
  private get writtenRows(): number {
    return this.count - this.queued.length;
  }

  private usedBytes(): number {
    const written = this.writtenRows;
    return written === 0 ? 0 : this.ends[written - 1];
  }

  /** Moves the waiting rows and their bytes to the front. */
  private compact(): void {
    const start = this.start;
    if (start === 0) return;
    const count = this.count;
    const base = this.ends[start - 1];
    this.bytes.copy(this.bytes, 0, base, this.usedBytes());
    this.keys.copyWithin(0, start, count);
    this.ts.copyWithin(0, start, count);
    this.flags.copyWithin(0, start, count);
    this.wide.copyWithin(0, start, count);
    this.ends.copyWithin(0, start, count);
    const written = this.writtenRows - start;
    for (let i = 0; i < written; i++) this.ends[i] -= base;
    this.start = 0;
    this.count = count - start;
  }

  private makeRowRoom(): void {
    this.compact();
    if (this.count === this.keys.length) this.resizeRows(this.keys.length * 2);
  }

  private makeByteRoom(needed: number): void {
    this.compact();
    const used = this.usedBytes();
    if (used + needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < used + needed) size *= 2;
    this.resizeBytes(size);
  }

  private resizeRows(rows: number): void {
    const count = this.count;
    const keys = new Float64Array(rows);
    keys.set(this.keys.subarray(0, count));
    this.keys = keys;
    const ts = new Float64Array(rows);
    ts.set(this.ts.subarray(0, count));
    this.ts = ts;
    const flags = new Uint8Array(rows);
    flags.set(this.flags.subarray(0, count));
    this.flags = flags;
    const ends = new Uint32Array(rows);
    ends.set(this.ends.subarray(0, count));
    this.ends = ends;
    const wide = new Uint8Array(rows);
    wide.set(this.wide.subarray(0, count));
    this.wide = wide;
  }

  private resizeBytes(size: number): void {
    const bytes = Buffer.allocUnsafe(size);
    this.bytes.copy(bytes, 0, 0, this.usedBytes());
    this.bytes = bytes;
    this.bytesView = viewOf(bytes);
  }
}
