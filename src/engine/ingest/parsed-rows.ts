import type { LogEvent } from '../../shared/types';
import { readRequestFields, type RequestFields } from '../analytics/request-fields';
import { packFlags } from '../store/row-flags';
import { StagedRows } from '../store/staged-rows';

/**
 * One source's events as columns: what the parse worker hands the ingest thread (in memory shared between
 * them, nothing copied or serialised per row). Messages are UTF-8 back to back, as the merge stage keeps
 * them. Every column is a view of one buffer, laid out by `rowsAt`.
 */
export interface ParsedRows {
  count: number;
  ts: Float64Array;
  /** Level, timestamp origin and marker (see row-flags). */
  flags: Uint8Array;
  bytes: Uint8Array;
  /** End of each row's message in `bytes`; a row starts where the one before it ends (the first at 0). */
  ends: Uint32Array;
  /** 1 where a row's message is not all 7-bit ASCII. */
  wide: Uint8Array;
  /** Each row's HTTP status and request duration in ms, -1 where it has none (see readRequestFields). */
  status: Int16Array;
  durationMs: Float64Array;
}

/** Bytes per row of the fixed-size columns: ts and durationMs (8 each), ends (4), status (2), flags and wide. */
const ROW_COLUMN_BYTES = 24;

/** Bytes `count` rows with `byteCount` bytes of messages take. */
export function rowsBytes(count: number, byteCount: number): number {
  return count * ROW_COLUMN_BYTES + byteCount;
}

/**
 * The columns of `count` rows at `byteOffset` (a multiple of 8) of `memory`: the widest first, so that
 * every view is aligned.
 */
export function rowsAt(
  memory: ArrayBufferLike,
  byteOffset: number,
  count: number,
  byteCount: number,
): ParsedRows {
  return {
    count,
    ts: new Float64Array(memory, byteOffset, count),
    durationMs: new Float64Array(memory, byteOffset + 8 * count, count),
    ends: new Uint32Array(memory, byteOffset + 16 * count, count),
    status: new Int16Array(memory, byteOffset + 20 * count, count),
    flags: new Uint8Array(memory, byteOffset + 22 * count, count),
    wide: new Uint8Array(memory, byteOffset + 23 * count, count),
    bytes: new Uint8Array(memory, byteOffset + ROW_COLUMN_BYTES * count, byteCount),
  };
}

/** A row's message, read back from its bytes (the few rows that need a string: errors for mining). */
export function parsedMessage(rows: ParsedRows, i: number): string {
  const start = i === 0 ? 0 : rows.ends[i - 1];
  return Buffer.from(rows.bytes.buffer, rows.bytes.byteOffset, rows.bytes.byteLength).toString(
    rows.wide[i] === 0 ? 'latin1' : 'utf8',
    start,
    rows.ends[i],
  );
}

/**
 * Gathers events into columns, in storage reused from batch to batch, reading each line's request fields
 * on the way (the thread that parses has the line in hand); `take` copies out exactly the rows gathered,
 * in memory of their own that can be handed to another thread.
 */
export class ParsedRowsBuilder {
  private readonly rows = new StagedRows();
  private status = new Int16Array(1024);
  private durationMs = new Float64Array(1024);
  private readonly fields: RequestFields = { status: -1, durationMs: -1 };

  get count(): number {
    return this.rows.count;
  }

  add(events: readonly LogEvent[]): void {
    const rows = this.rows;
    const fields = this.fields;
    for (const event of events) {
      const i = rows.count;
      rows.push(event.ts, event.ts, packFlags(event.level, event.tsOrigin, event.marker), event.message);
      if (i === this.status.length) this.growFields();
      if (event.marker) {
        fields.status = -1;
        fields.durationMs = -1;
      } else {
        readRequestFields(event.message, fields);
      }
      this.status[i] = fields.status;
      this.durationMs[i] = fields.durationMs;
    }
  }

  /** Message bytes of the rows gathered. */
  get byteCount(): number {
    this.rows.writeMessages();
    const count = this.rows.count;
    return count === 0 ? 0 : this.rows.ends[count - 1];
  }

  /**
   * Writes the rows gathered at `byteOffset` (a multiple of 8) of `memory`, which has room for them (see
   * rowsBytes), and starts gathering anew.
   */
  takeInto(memory: ArrayBufferLike, byteOffset: number): ParsedRows {
    const rows = this.rows;
    const byteCount = this.byteCount;
    const count = rows.count;
    const taken = rowsAt(memory, byteOffset, count, byteCount);
    taken.ts.set(rows.ts.subarray(0, count));
    taken.durationMs.set(this.durationMs.subarray(0, count));
    taken.ends.set(rows.ends.subarray(0, count));
    taken.status.set(this.status.subarray(0, count));
    taken.flags.set(rows.flags.subarray(0, count));
    taken.wide.set(rows.wide.subarray(0, count));
    taken.bytes.set(rows.bytes.subarray(0, byteCount));
    rows.taken(count);
    return taken;
  }

  /** The rows gathered, in a buffer of their own. */
  take(): ParsedRows {
    return this.takeInto(new ArrayBuffer(rowsBytes(this.count, this.byteCount)), 0);
  }

  private growFields(): void {
    const status = new Int16Array(this.status.length * 2);
    status.set(this.status);
    this.status = status;
    const durationMs = new Float64Array(this.durationMs.length * 2);
    durationMs.set(this.durationMs);
    this.durationMs = durationMs;
  }
}
