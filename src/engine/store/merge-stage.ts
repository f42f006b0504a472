import type { LogEvent } from '../../shared/types';
import type { StreamTable } from './stream-table';

/** Rows that left the stage, in merged order. */
export interface MergedRows {
  events: LogEvent[];
  /** Placement time of each row (its timestamp, raised to its predecessor's so a source never reorders). */
  keys: number[];
  streams: number[];
}

interface StreamState {
  /** Placement time of the stream's newest row. */
  lastKey: number;
  lastReceivedAt: number;
  /** Rows of this stream not yet taken, oldest first; `start` rows at the front were already taken. */
  events: LogEvent[];
  keys: number[];
  start: number;
  /** [receive time, placement time of the newest row then], one per batch received; oldest first. */
  arrivals: [number, number][];
}

/**
 * Holds freshly parsed rows until the watermark passes them, then hands them over in merged order
 * (time, host, stream, sequence). The watermark is the oldest newest-time among sources that spoke
 * within the hold time: no such source can still send anything earlier. A source silent for longer no
 * longer holds the others back, and no row waits longer than the hold time; a row arriving behind rows
 * already handed over is "late" and goes to the end of the order.
 */
export class MergeStage {
  private readonly state: (StreamState | undefined)[] = [];
  private readonly active: StreamState[] = [];
  private readonly activeIds: number[] = [];
  private tieRank: number[] = [];
  private rankedHosts = 0;
  waiting = 0;

  constructor(
    private readonly streams: StreamTable,
    private readonly holdMs: number,
  ) {}

  add(batch: readonly LogEvent[], receivedAt: number): void {
    let id = -1;
    let st: StreamState | undefined;
    for (const event of batch) {
      const next = this.streams.intern(event.host, event.app, event.source);
      if (next !== id) {
        id = next;
        st = this.stateOf(id, receivedAt);
      }
      const s = st!;
      const key = event.ts > s.lastKey ? event.ts : s.lastKey;
      s.lastKey = key;
      s.events.push(event);
      s.keys.push(key);
      const last = s.arrivals[s.arrivals.length - 1];
      if (last !== undefined && last[0] === receivedAt) last[1] = key;
      else s.arrivals.push([receivedAt, key]);
    }
    this.waiting += batch.length;
  }

  /** The time up to which rows may leave at `now`. */
  watermark(now: number): number {
    let low = Infinity;
    let forced = -Infinity;
    const horizon = now - this.holdMs;
    for (const s of this.active) {
      if (s.lastReceivedAt > horizon && s.lastKey < low) low = s.lastKey;
      // Rows received before the horizon have waited long enough: they leave now, whatever the others do.
      while (s.arrivals.length > 0 && s.arrivals[0][0] <= horizon) {
        const [, key] = s.arrivals.shift()!;
        if (key > forced) forced = key;
      }
    }
    return Math.max(low, forced);
  }

  /** Removes and returns, in merged order, every waiting row placed at or before `watermark`. */
  take(watermark: number): MergedRows {
    const parts: number[] = [];
    const ends: number[] = [];
    let total = 0;
    for (let a = 0; a < this.active.length; a++) {
      const s = this.active[a];
      const end = upperBound(s.keys, s.start, watermark);
      if (end === s.start) continue;
      parts.push(a);
      ends.push(end);
      total += end - s.start;
    }
    if (total === 0) return { events: [], keys: [], streams: [] };
    this.rankHosts();
    const merged = this.merge(parts, ends, total);
    for (let p = 0; p < parts.length; p++) this.consumed(this.active[parts[p]], ends[p]);
    this.waiting -= total;
    return merged;
  }

  /**
   * Merges the taken runs of several streams in one pass: a binary heap of the runs, ordered by their
   * next row's placement time, then host and stream (a stream's own rows are already in order).
   */
  private merge(parts: readonly number[], ends: readonly number[], total: number): MergedRows {
    const events = new Array<LogEvent>(total);
    const keys = new Array<number>(total);
    const streams = new Array<number>(total);
    const runs = parts.map((a) => this.active[a]);
    const ids = parts.map((a) => this.activeIds[a]);
    const next = runs.map((s) => s.start);
    const rank = this.tieRank;
    const before = (x: number, y: number): boolean => {
      const kx = runs[x].keys[next[x]];
      const ky = runs[y].keys[next[y]];
      return kx < ky || (kx === ky && rank[ids[x]] < rank[ids[y]]);
    };
    const heap = runs.map((_, i) => i);
    const siftDown = (from: number): void => {
      let i = from;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) return;
        const child = left + 1 < heap.length && before(heap[left + 1], heap[left]) ? left + 1 : left;
        if (!before(heap[child], heap[i])) return;
        const swap = heap[i];
        heap[i] = heap[child];
        heap[child] = swap;
        i = child;
      }
    };
    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) siftDown(i);
    for (let k = 0; k < total; k++) {
      const r = heap[0];
      const s = runs[r];
      const i = next[r]++;
      events[k] = s.events[i];
      keys[k] = s.keys[i];
      streams[k] = ids[r];
      if (next[r] === ends[r]) {
        const last = heap.pop()!;
        if (heap.length === 0) break;
        heap[0] = last;
      }
      siftDown(0);
    }
    return { events, keys, streams };
  }

  /** Drops a stream's rows before `end` (taken), compacting its queue now and then. */
  private consumed(s: StreamState, end: number): void {
    if (end === s.events.length) {
      s.events = [];
      s.keys = [];
      s.start = 0;
    } else {
      s.start = end;
      if (s.start > 4096 && s.start * 2 > s.events.length) {
        s.events = s.events.slice(s.start);
        s.keys = s.keys.slice(s.start);
        s.start = 0;
      }
    }
  }

  private stateOf(id: number, receivedAt: number): StreamState {
    let s = this.state[id];
    if (s === undefined) {
      s = {
        lastKey: -Infinity,
        lastReceivedAt: receivedAt,
        events: [],
        keys: [],
        start: 0,
        arrivals: [],
      };
      this.state[id] = s;
      this.active.push(s);
      this.activeIds.push(id);
    }
    s.lastReceivedAt = receivedAt;
    return s;
  }

  /** Ties in time are broken by host name, then stream: a rank per stream keeps that comparison numeric. */
  private rankHosts(): void {
    const hosts = this.streams.hosts;
    if (this.rankedHosts === hosts.length && this.tieRank.length === this.streams.size) return;
    const order = hosts
      .map((_, i) => i)
      .sort((a, b) => (hosts[a] < hosts[b] ? -1 : hosts[a] > hosts[b] ? 1 : 0));
    const hostRank: number[] = [];
    order.forEach((host, rank) => (hostRank[host] = rank));
    this.tieRank = this.streams.hostOf.map((host, stream) => hostRank[host] * 1_048_576 + stream);
    this.rankedHosts = hosts.length;
  }
}

function upperBound(keys: number[], from: number, value: number): number {
  let lo = from;
  let hi = keys.length;
  if (hi === lo || keys[hi - 1] <= value) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
