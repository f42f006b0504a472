import type { LogEvent } from '../../shared/types';
import type { ParsedRows } from '../ingest/parsed-rows';
import { packFlags } from './row-flags';
import { StagedRows } from './staged-rows';
import type { StreamTable } from './stream-table';

/** Receives the rows leaving the stage, one call per row in merged order: row `i` of `rows`, valid during the call. */
export type StagedRowSink = (rows: StagedRows, i: number, stream: number) => void;

/** Is told of every stream's rows [from, to) leaving the stage (valid during the call), once per row. */
export type TakenRowsListener = (rows: StagedRows, stream: number, from: number, to: number) => void;

interface StreamState {
  /** Placement time of the stream's newest row. */
  lastKey: number;
  lastReceivedAt: number;
  rows: StagedRows;
  /** [receive time, placement time of the newest row then], one per batch received; oldest first. */
  arrivals: [number, number][];
}

/** How often the streams' storage is sized down to what it held lately (a burst's size is not kept for ever). */
const SHRINK_CHECK_MS = 1000;

/**
 * Holds freshly parsed rows until the watermark passes them, then hands them over in merged order
 * (time, host, stream, sequence). The watermark is the oldest newest-time among sources that spoke
 * within the hold time: no such source can still send anything earlier. A source silent for longer no
 * longer holds the others back, and no row waits longer than the hold time; a row arriving behind rows
 * already handed over is "late" and goes to the end of the order.
 *
 * Rows wait as typed columns and UTF-8 bytes per stream (StagedRows), reused from batch to batch: the
 * events and strings they came from die young instead of being kept (and promoted by the garbage
 * collector) for the hold time, and placing a row is a copy of bytes.
 */
export class MergeStage {
  private readonly state: (StreamState | undefined)[] = [];
  private readonly active: StreamState[] = [];
  private readonly activeIds: number[] = [];
  private tieRank: number[] = [];
  private rankedHosts = 0;
  private lastShrinkCheck = -Infinity;
  private readonly takenListeners: TakenRowsListener[] = [];
  waiting = 0;

  constructor(
    private readonly streams: StreamTable,
    private readonly holdMs: number,
  ) {}

  onTaken(listener: TakenRowsListener): void {
    this.takenListeners.push(listener);
  }

  add(batch: readonly LogEvent[], receivedAt: number): void {
    let id = -1;
    let st: StreamState | undefined;
    for (const event of batch) {
      const next = this.streams.intern(event.host, event.app, event.source);
      if (next !== id) {
        st?.rows.writeMessages();
        id = next;
        st = this.stateOf(id, receivedAt);
      }
      const s = st!;
      const key = event.ts > s.lastKey ? event.ts : s.lastKey;
      s.lastKey = key;
      s.rows.push(key, event.ts, packFlags(event.level, event.tsOrigin, event.marker), event.message);
      const last = s.arrivals[s.arrivals.length - 1];
      if (last !== undefined && last[0] === receivedAt) last[1] = key;
      else s.arrivals.push([receivedAt, key]);
    }
    st?.rows.writeMessages();
    this.waiting += batch.length;
  }

  /** Receives stream `id`'s rows parsed into columns (see ParsedRows), in the stream's order. */
  addRows(id: number, rows: ParsedRows, receivedAt: number): void {
    if (rows.count === 0) return;
    const s = this.stateOf(id, receivedAt);
    s.lastKey = s.rows.pushRows(rows, s.lastKey);
    const last = s.arrivals[s.arrivals.length - 1];
    if (last !== undefined && last[0] === receivedAt) last[1] = s.lastKey;
    else s.arrivals.push([receivedAt, s.lastKey]);
    this.waiting += rows.count;
  }

  /** Message bytes per waiting row, or undefined when none waits. */
  bytesPerRow(): number | undefined {
    let bytes = 0;
    let rows = 0;
    for (const s of this.active) {
      bytes += s.rows.waitingBytes();
      rows += s.rows.waiting;
    }
    return rows > 0 ? bytes / rows : undefined;
  }

  /** Bytes of the streams' message buffers. */
  heldBytes(): number {
    let bytes = 0;
    for (const s of this.active) bytes += s.rows.heldBytes();
    return bytes;
  }

  /** The time up to which rows may leave at `now`. */
  watermark(now: number): number {
    let low = Infinity;
    let forced = -Infinity;
    const horizon = now - this.holdMs;
    if (now - this.lastShrinkCheck >= SHRINK_CHECK_MS) this.shrink(now);
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

  /** Hands every waiting row placed at or before `watermark` to `sink`, in merged order; returns how many. */
  take(watermark: number, sink: StagedRowSink): number {
    const parts: number[] = [];
    const ends: number[] = [];
    let total = 0;
    for (let a = 0; a < this.active.length; a++) {
      const rows = this.active[a].rows;
      const end = rows.upperBound(watermark);
      if (end === rows.start) continue;
      parts.push(a);
      ends.push(end);
      total += end - rows.start;
    }
    if (total === 0) return 0;
    this.rankHosts();
    this.merge(parts, ends, total, sink);
    for (let p = 0; p < parts.length; p++) {
      const rows = this.active[parts[p]].rows;
      for (const listener of this.takenListeners)
        listener(rows, this.activeIds[parts[p]], rows.start, ends[p]);
      rows.taken(ends[p]);
    }
    this.waiting -= total;
    return total;
  }

  /**
   * Merges the taken runs of several streams in one pass: a tournament tree of the runs (each inner node
   * holds the loser of the match played there), ordered by their next row's placement time, then host and
   * stream (a stream's own rows are already in order). The winner's next row replays only the matches on
   * its path to the root: one comparison per level, half what a binary heap's sift-down makes. Each run's
   * next key and tie rank sit in typed arrays, so a comparison is two array reads; a finished run's key is
   * +Infinity and it loses every match.
   */
  private merge(parts: readonly number[], ends: readonly number[], total: number, sink: StagedRowSink): void {
    const n = parts.length;
    const runs = parts.map((a) => this.active[a].rows);
    const ids = parts.map((a) => this.activeIds[a]);
    const next = new Int32Array(n);
    const headKey = new Float64Array(n);
    const runRank = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = runs[i].start;
      headKey[i] = runs[i].keys[next[i]];
      runRank[i] = this.tieRank[ids[i]];
    }
    const before = (x: number, y: number): boolean =>
      headKey[x] < headKey[y] || (headKey[x] === headKey[y] && runRank[x] < runRank[y]);
    // Leaves are nodes n..2n-1 (run i at n + i); inner nodes 1..n-1 keep their match's loser.
    const loser = new Int32Array(Math.max(n, 1));
    const winner = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) winner[n + i] = i;
    for (let node = n - 1; node >= 1; node--) {
      const a = winner[2 * node];
      const b = winner[2 * node + 1];
      const aWins = before(a, b);
      winner[node] = aWins ? a : b;
      loser[node] = aWins ? b : a;
    }
    let champion = n === 1 ? 0 : winner[1];
    for (let k = 0; k < total; k++) {
      const r = champion;
      const row = next[r]++;
      sink(runs[r], row, ids[r]);
      headKey[r] = row + 1 === ends[r] ? Infinity : runs[r].keys[row + 1];
      for (let node = (n + r) >>> 1; node >= 1; node >>>= 1) {
        const other = loser[node];
        if (before(other, champion)) {
          loser[node] = champion;
          champion = other;
        }
      }
    }
  }

  /** Sizes every stream's storage down to what it held since the last check. */
  private shrink(now: number): void {
    this.lastShrinkCheck = now;
    for (const s of this.active) s.rows.shrink();
  }

  private stateOf(id: number, receivedAt: number): StreamState {
    let s = this.state[id];
    if (s === undefined) {
      s = {
        lastKey: -Infinity,
        lastReceivedAt: receivedAt,
        rows: new StagedRows(),
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
