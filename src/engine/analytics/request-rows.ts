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

const INITIAL_ROWS = 4096;
const INITIAL_BYTES = 512 * 1024;

/**
 * Rows gathered for reading, in memory reused from batch to batch (fresh memory costs a page fault per
 * 4 KB, dearer than the copy; it is handed to the index worker and back, not shared: copying into shared
 * memory is several times slower), with each row's time and application kept on this side. A marker's
 * row is carried with a NaN time and counts for nothing.
 */
export class RequestRows implements RequestRowBatch {
  count = 0;
  ascii = true;
  bytes = new Uint8Array(INITIAL_BYTES);
  ends = new Uint32Array(INITIAL_ROWS);
  status = new Int16Array(INITIAL_ROWS);
  durationMs = new Float64Array(INITIAL_ROWS);
  ts = new Float64Array(INITIAL_ROWS);
  /** Runs of rows of one application: rows [runEnds[k - 1], runEnds[k]) are apps[k]'s. */
  readonly apps: string[] = [];
  readonly runEnds: number[] = [];

  get byteCount(): number {
    return this.count === 0 ? 0 : this.ends[this.count - 1];
  }

  /** Copies rows [from, to) of `rows`, all of application `app`. */
  add(rows: RowColumns, app: string, from: number, to: number): void {
    if (to <= from) return;
    const base = rows.rowStart(from);
    const size = rows.ends[to - 1] - base;
    this.reserve(this.count + to - from, this.byteCount + size);
    const at = this.byteCount;
    this.bytes.set(rows.bytes.subarray(base, base + size), at);
    // Columns read into locals: the loop then does no property lookups.
    const { ends: fromEnds, ts: fromTs, flags } = rows;
    const { ends, ts } = this;
    let n = this.count;
    let ascii = this.ascii;
    const shift = at - base;
    for (let i = from; i < to; i++, n++) {
      ends[n] = fromEnds[i] + shift;
      ts[n] = isMarker(flags[i]) ? NaN : fromTs[i];
      if (ascii && !rows.isAscii(i)) ascii = false;
    }
    this.ascii = ascii;
    this.count = n;
    const last = this.apps.length - 1;
    if (last >= 0 && this.apps[last] === app) this.runEnds[last] = n;
    else {
      this.apps.push(app);
      this.runEnds.push(n);
    }
  }

  clear(): void {
    this.count = 0;
    this.ascii = true;
    this.apps.length = 0;
    this.runEnds.length = 0;
  }

  private reserve(rows: number, bytes: number): void {
    if (bytes > this.bytes.length) {
      const grown = new Uint8Array(Math.max(bytes, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.byteCount));
      this.bytes = grown;
    }
    if (rows > this.ends.length) {
      const size = Math.max(rows, this.ends.length * 2);
      const ends = new Uint32Array(size);
      ends.set(this.ends.subarray(0, this.count));
      this.ends = ends;
      this.status = new Int16Array(size);
      this.durationMs = new Float64Array(size);
      const ts = new Float64Array(size);
      ts.set(this.ts.subarray(0, this.count));
      this.ts = ts;
    }
  }
}

/** Rows gathered while a batch is away beyond which they are read here (a worker slow to answer). */
const MAX_GATHERED_ROWS = 1 << 19;

/**
 * Hands the rows placed in the window to a reader of their request fields, a batch at a time: rows
 * gather in one buffer while the other is being read (on the index worker), so a burst makes larger
 * batches rather than a queue. Without a reader, or when it fails, the fields are read here.
 */
export class RequestRowQueue {
  private filling = new RequestRows();
  private spare = new RequestRows();
  private reading = false;
  private stopped = false;

  constructor(
    private readonly onRead: (rows: RequestRows) => void,
    private readonly reader?: RowFieldReader,
    private readonly maxGatheredRows = MAX_GATHERED_ROWS,
  ) {}

  add(rows: RowColumns, app: string, from: number, to: number): void {
    if (this.stopped) return;
    const filling = this.filling;
    filling.add(rows, app, from, to);
    if (this.reading && filling.count >= this.maxGatheredRows) {
      readRowFields(filling);
      this.onRead(filling);
      filling.clear();
    }
  }

  /** Sends the gathered rows to be read, unless a batch is being read already (they go when it is back). */
  flush(): void {
    if (this.reading || this.stopped || this.filling.count === 0) return;
    const batch = this.filling;
    this.filling = this.spare;
    if (this.reader === undefined) {
      readRowFields(batch);
      this.finish(batch);
      return;
    }
    this.reading = true;
    this.reader(batch)
      .catch(() => {
        // A batch lost with a worker that stopped while reading it is not counted; later ones are read here.
        if (batch.bytes.byteLength > 0) readRowFields(batch);
        else batch.count = 0;
      })
      .then(() => {
        this.reading = false;
        if (this.stopped) return;
        this.finish(batch);
        this.flush();
      });
  }

  dispose(): void {
    this.stopped = true;
  }

  private finish(batch: RequestRows): void {
    this.onRead(batch);
    batch.clear();
    this.spare = batch;
  }
}
