import type { RowColumns } from '../store/segment';
import { isMarker } from '../store/row-flags';
import { readRequestFields, type RequestFields } from './request-fields';

/**
 * Rows whose request fields are to be read: their messages' UTF-8 bytes back to back, and a slot per row
 * for each field, filled by `readRowFields`. Its memory may travel to the index worker and back.
 */
export interface RequestRowBatch {
  count: number;
  /** True when every message is 7-bit ASCII (bytes are characters). */
  ascii: boolean;
  bytes: Uint8Array;
  /** End of each row's message in `bytes`; a row starts where the one before it ends (the first at 0). */
  ends: Uint32Array;
  /** Filled by readRowFields: each row's HTTP status and duration in ms, -1 where it has none. */
  status: Int16Array;
  durationMs: Float64Array;
}

/** Reads every row's request fields into the batch's slots (on the index worker, or here without one). */
export function readRowFields(batch: RequestRowBatch): void {
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const encoding = batch.ascii ? 'latin1' : 'utf8';
  const fields: RequestFields = { status: -1, durationMs: -1 };
  let start = 0;
  for (let r = 0; r < batch.count; r++) {
    const end = batch.ends[r];
    readRequestFields(bytes.toString(encoding, start, end), fields);
    batch.status[r] = fields.status;
    batch.durationMs[r] = fields.durationMs;
    start = end;
  }
}

/**
 * Fills a batch's field slots, on another thread or here; rejects when it cannot. Its arrays may be
 * replaced (by the same memory come back from the worker).
 */
export type RowFieldReader = (batch: RequestRowBatch) => Promise<void>;

/** Rows per batch: a commit's rows in a burst fill a few; a batch's memory (~2 MB) is touched once. */
export const BATCH_ROWS = 16_384;
/** Message bytes a batch starts with room for (it grows for longer messages). */
const BATCH_BYTES = BATCH_ROWS * 128;

/**
 * Rows gathered for reading, in memory reused from batch to batch (fresh memory costs a page fault per
 * 4 KB, dearer than the copy; it is handed to the index worker and back, not shared: copying into shared
 * memory is several times slower), with each row's time and application kept on this side. A marker's
 * row is carried with a NaN time and counts for nothing.
 */
export class RequestRows implements RequestRowBatch {
  count = 0;
  ascii = true;
  bytes = new Uint8Array(BATCH_BYTES);
  ends = new Uint32Array(BATCH_ROWS);
  status = new Int16Array(BATCH_ROWS);
  durationMs = new Float64Array(BATCH_ROWS);
  readonly ts = new Float64Array(BATCH_ROWS);
  /** Runs of rows of one application: rows [runEnds[k - 1], runEnds[k]) are apps[k]'s. */
  readonly apps: string[] = [];
  readonly runEnds: number[] = [];

  get byteCount(): number {
    return this.count === 0 ? 0 : this.ends[this.count - 1];
  }

  get full(): boolean {
    return this.count === BATCH_ROWS;
  }

  /** Copies rows [from, to) of `rows`, all of application `app`, as many as there is room for; returns how many. */
  add(rows: RowColumns, app: string, from: number, to: number): number {
    const n = Math.min(to - from, BATCH_ROWS - this.count);
    if (n <= 0) return 0;
    const end = from + n;
    const base = rows.rowStart(from);
    const size = rows.ends[end - 1] - base;
    const at = this.byteCount;
    if (at + size > this.bytes.length) this.growBytes(at + size);
    this.bytes.set(rows.bytes.subarray(base, base + size), at);
    // Columns read into locals: the loop then does no property lookups.
    const { ends: fromEnds, ts: fromTs, flags } = rows;
    const { ends, ts } = this;
    let row = this.count;
    let ascii = this.ascii;
    const shift = at - base;
    for (let i = from; i < end; i++, row++) {
      ends[row] = fromEnds[i] + shift;
      ts[row] = isMarker(flags[i]) ? NaN : fromTs[i];
      if (ascii && !rows.isAscii(i)) ascii = false;
    }
    this.ascii = ascii;
    this.count = row;
    const last = this.apps.length - 1;
    if (last >= 0 && this.apps[last] === app) this.runEnds[last] = row;
    else {
      this.apps.push(app);
      this.runEnds.push(row);
    }
    return n;
  }

  clear(): void {
    this.count = 0;
    this.ascii = true;
    this.apps.length = 0;
    this.runEnds.length = 0;
  }

  /**
   * Memory lost with a worker that stopped while reading it is made again (the batch was not read).
   * Returns whether there was any to make.
   */
  restore(): boolean {
    if (this.bytes.byteLength > 0) return false;
    this.bytes = new Uint8Array(BATCH_BYTES);
    this.ends = new Uint32Array(BATCH_ROWS);
    this.status = new Int16Array(BATCH_ROWS);
    this.durationMs = new Float64Array(BATCH_ROWS);
    return true;
  }

  private growBytes(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.byteCount));
    this.bytes = grown;
  }
}

/** Batches away at once beyond which rows are read here (a worker slow to answer). */
const MAX_BATCHES_AWAY = 32;
/** Batches kept for reuse once back (a burst's peak of batches away is not kept for ever). */
const MAX_FREE_BATCHES = 8;

/**
 * Hands the rows placed in the window to a reader of their request fields in batches: a batch goes when
 * it is full or at the end of a commit, several may be away at once (the worker answers in order), and
 * their memory is reused. Without a reader, when it fails, or past MAX_BATCHES_AWAY, the fields are read
 * here.
 */
export class RequestRowQueue {
  private filling = new RequestRows();
  private readonly free: RequestRows[] = [];
  private away = 0;
  private stopped = false;

  constructor(
    private readonly onRead: (rows: RequestRows) => void,
    private readonly reader?: RowFieldReader,
    private readonly maxBatchesAway = MAX_BATCHES_AWAY,
  ) {}

  add(rows: RowColumns, app: string, from: number, to: number): void {
    if (this.stopped) return;
    for (let at = from; at < to;) {
      at += this.filling.add(rows, app, at, to);
      if (this.filling.full) this.flush();
    }
  }

  /** Sends the gathered rows to be read (the end of a commit). */
  flush(): void {
    const batch = this.filling;
    if (this.stopped || batch.count === 0) return;
    this.filling = this.free.pop() ?? new RequestRows();
    if (this.reader === undefined || this.away >= this.maxBatchesAway) {
      readRowFields(batch);
      this.finish(batch);
      return;
    }
    this.away++;
    this.reader(batch)
      .catch(() => {
        // A batch lost with a worker that stopped while reading it is not counted; later ones are read here.
        if (batch.restore()) batch.clear();
        else readRowFields(batch);
      })
      .then(() => {
        this.away--;
        if (!this.stopped) this.finish(batch);
      });
  }

  dispose(): void {
    this.stopped = true;
  }

  private finish(batch: RequestRows): void {
    this.onRead(batch);
    batch.clear();
    if (this.free.length < MAX_FREE_BATCHES) this.free.push(batch);
  }
}
