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
    const parts: MergedRows[] = [];
    for (let a = 0; a < this.active.length; a++) {
      const s = this.active[a];
      const end = upperBound(s.keys, s.start, watermark);
      if (end === s.start) continue;
      const events = s.events.slice(s.start, end);
      const keys = s.keys.slice(s.start, end);
      parts.push({ events, keys, streams: new Array<number>(events.length).fill(this.activeIds[a]) });
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
    if (parts.length === 0) return { events: [], keys: [], streams: [] };
    this.rankHosts();
    let level = parts;
    while (level.length > 1) {
      const next: MergedRows[] = [];
      for (let i = 0; i < level.length; i += 2)
        next.push(i + 1 < level.length ? this.merge(level[i], level[i + 1]) : level[i]);
      level = next;
    }
    this.waiting -= level[0].events.length;
    return level[0];
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

  private merge(a: MergedRows, b: MergedRows): MergedRows {
    const n = a.events.length + b.events.length;
    const events = new Array<LogEvent>(n);
    const keys = new Array<number>(n);
    const streams = new Array<number>(n);
    const rank = this.tieRank;
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.events.length && j < b.events.length) {
      const ka = a.keys[i];
      const kb = b.keys[j];
      const takeA =
        ka < kb ||
        (ka === kb &&
          (rank[a.streams[i]] < rank[b.streams[j]] ||
            (a.streams[i] === b.streams[j] && a.events[i].seq <= b.events[j].seq)));
      if (takeA) {
        events[k] = a.events[i];
        keys[k] = ka;
        streams[k++] = a.streams[i++];
      } else {
        events[k] = b.events[j];
        keys[k] = kb;
        streams[k++] = b.streams[j++];
      }
    }
    for (; i < a.events.length; i++, k++) {
      events[k] = a.events[i];
      keys[k] = a.keys[i];
      streams[k] = a.streams[i];
    }
    for (; j < b.events.length; j++, k++) {
      events[k] = b.events[j];
      keys[k] = b.keys[j];
      streams[k] = b.streams[j];
    }
    return { events, keys, streams };
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
