import type { LogEvent } from '../../shared/types';
import { packFlags } from '../store/row-flags';
import { StagedRows } from '../store/staged-rows';

/**
 * One source's events as columns: what the parse worker hands the ingest thread (its memory moves across,
 * nothing is copied or serialised per row). Messages are UTF-8 back to back, as the merge stage keeps them.
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
}

/** The buffers a batch of rows is made of, to hand over with it. */
export function parsedRowsMemory(rows: ParsedRows): ArrayBuffer[] {
  return [rows.ts, rows.flags, rows.bytes, rows.ends, rows.wide].map((a) => a.buffer as ArrayBuffer);
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
 * Gathers events into columns, in storage reused from batch to batch; `take` copies out exactly the rows
 * gathered, in memory of their own that can be handed to another thread.
 */
export class ParsedRowsBuilder {
  private readonly rows = new StagedRows();

  get count(): number {
    return this.rows.count;
  }

  add(events: readonly LogEvent[]): void {
    const rows = this.rows;
    for (const event of events)
      rows.push(event.ts, event.ts, packFlags(event.level, event.tsOrigin, event.marker), event.message);
  }

  take(): ParsedRows {
    const rows = this.rows;
    rows.writeMessages();
    const count = rows.count;
    const byteCount = count === 0 ? 0 : rows.ends[count - 1];
    const taken: ParsedRows = {
      count,
      ts: rows.ts.slice(0, count),
      flags: rows.flags.slice(0, count),
      bytes: new Uint8Array(rows.bytes.buffer, rows.bytes.byteOffset, byteCount).slice(),
      ends: rows.ends.slice(0, count),
      wide: rows.wide.slice(0, count),
    };
    rows.taken(count);
    return taken;
  }
}
