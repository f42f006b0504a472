/** A row with whether it must be fetched again, and the epoch it was current at. */
interface CachedRow<T> {
  row: T;
  stale: boolean;
  epoch: number;
}

/**
 * Rows fetched from the engine or sent with its deltas, kept by their session row number (index +
 * evicted), which eviction never shifts. A delta names the first row that changed (new rows, or rows
 * moved by late ones): rows from there on become stale — still shown, but fetched again — and rows
 * before it are kept. Pure: no DOM, no Vue; the store wraps it.
 */
export class RowCache<T> {
  private readonly rows = new Map<number, CachedRow<T>>();
  private readonly requested = new Set<number>();
  /** Invalidations so far, so an answer to an older request knows which of its rows are already stale. */
  private epoch = 0;
  private readonly invalidations: { epoch: number; from: number }[] = [];
  /** Answers to requests made before this epoch are dropped (the window was replaced). */
  private clearedAt = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.rows.size;
  }

  get(number: number): T | undefined {
    return this.rows.get(number)?.row;
  }

  /** True when the row must be fetched: absent or stale, and not already asked for. */
  needs(number: number): boolean {
    if (this.requested.has(number)) return false;
    const entry = this.rows.get(number);
    return entry === undefined || entry.stale;
  }

  /** Records that these rows are being fetched; returns the token to store the answer with. */
  request(numbers: readonly number[]): number {
    for (const n of numbers) this.requested.add(n);
    return this.epoch;
  }

  /**
   * Stores an answer. `asked` are the numbers requested (those missing from the answer left the window);
   * rows changed by an invalidation after the request are stored stale, so they are fetched again.
   */
  store(token: number, asked: readonly number[], answer: readonly (readonly [number, T])[]): void {
    for (const n of asked) this.requested.delete(n);
    if (token < this.clearedAt) return;
    let staleFrom = Infinity;
    for (const inv of this.invalidations) if (inv.epoch > token) staleFrom = Math.min(staleFrom, inv.from);
    for (const [n, row] of answer) {
      const held = this.rows.get(n);
      // A row sent as current since this request was made (with a delta) is kept.
      if (held !== undefined && !held.stale && held.epoch > token) continue;
      this.put(n, { row, stale: n >= staleFrom, epoch: token });
    }
    this.trim();
  }

  /** Stores rows as they are now (the newest rows, sent with a delta): current, nothing to fetch. */
  storeCurrent(answer: readonly (readonly [number, T])[]): void {
    for (const [n, row] of answer) this.put(n, { row, stale: false, epoch: this.epoch });
    this.trim();
  }

  /** Forgets that rows were asked for (the request failed). */
  abandon(asked: readonly number[]): void {
    for (const n of asked) this.requested.delete(n);
  }

  /** Rows from `from` on changed: keep showing them, but fetch them again. */
  invalidateFrom(from: number): void {
    this.epoch++;
    this.invalidations.push({ epoch: this.epoch, from });
    if (this.invalidations.length > 64) this.invalidations.shift();
    for (const [n, entry] of this.rows) if (n >= from) entry.stale = true;
  }

  /** Rows before `first` left the window. */
  evictBefore(first: number): void {
    for (const n of this.rows.keys()) if (n < first) this.rows.delete(n);
  }

  /** Forgets everything, answers still on their way included (a new session numbers rows from 0). */
  clear(): void {
    this.rows.clear();
    this.requested.clear();
    this.epoch++;
    this.clearedAt = this.epoch;
  }

  /** Stores a row as the most recently stored one (the map's order is what trim() drops by). */
  private put(n: number, entry: CachedRow<T>): void {
    this.rows.delete(n);
    this.rows.set(n, entry);
  }

  /** Drops the least recently stored rows beyond the capacity. */
  private trim(): void {
    let over = this.rows.size - this.capacity;
    if (over <= 0) return;
    for (const n of this.rows.keys()) {
      if (over-- <= 0) break;
      this.rows.delete(n);
    }
  }
}

/** The numbers of [first, last] a view needs, widened to whole blocks so scrolling fetches ahead. */
export function wantedBlock(
  first: number,
  last: number,
  block: number,
  lowest: number,
  end: number,
): number[] {
  const from = Math.max(lowest, Math.floor(first / block) * block);
  const to = Math.min(end, (Math.floor(last / block) + 1) * block);
  const numbers: number[] = [];
  for (let n = from; n < to; n++) numbers.push(n);
  return numbers;
}
