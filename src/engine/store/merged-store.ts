import type { LogEvent, StreamRow } from '../../shared/types';

/** Merge order: time, then host, then per-source sequence. Order within one source is never changed. */
export function compareEvents(a: LogEvent, b: LogEvent): number {
  return a.ts - b.ts || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0) || a.seq - b.seq;
}

/**
 * The merged, time-ordered window of events from every source, bounded by a line count; the oldest are
 * evicted first and counted. Lines arrive mostly in order and are appended; late lines are inserted at
 * their place.
 */
export class MergedStore {
  private events: LogEvent[] = [];
  private head = 0;
  evicted = 0;
  appended = 0;

  constructor(private readonly maxLines: number) {}

  get size(): number {
    return this.events.length - this.head;
  }

  add(batch: readonly LogEvent[]): void {
    for (const event of batch) this.insert(event);
    this.appended += batch.length;
    const over = this.size - this.maxLines;
    if (over > 0) {
      this.head += over;
      this.evicted += over;
      if (this.head > this.maxLines) {
        this.events = this.events.slice(this.head);
        this.head = 0;
      }
    }
  }

  page(from: number, count: number): StreamRow[] {
    const rows: StreamRow[] = [];
    const end = Math.min(this.size, from + count);
    for (let i = from; i < end; i++) {
      const e = this.events[this.head + i];
      rows.push({
        index: i,
        ts: e.ts,
        tsOrigin: e.tsOrigin,
        host: e.host,
        app: e.app,
        source: e.source,
        level: e.level,
        message: e.message,
        ...(e.marker ? { marker: e.marker } : {}),
      });
    }
    return rows;
  }

  private insert(event: LogEvent): void {
    const events = this.events;
    const last = events[events.length - 1];
    if (events.length === this.head || compareEvents(last, event) <= 0) {
      events.push(event);
      return;
    }
    let lo = this.head;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEvents(events[mid], event) <= 0) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, event);
  }
}
