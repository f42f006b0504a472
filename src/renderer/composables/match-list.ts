/**
 * The rows a query matches, by ordinal (0 = oldest match in the window), known a chunk at a time: the
 * engine answers `search` with a total and a slice of row indexes, turned here into session row numbers.
 * Pure: the search store fetches, this keeps.
 */
export class MatchList {
  total = 0;
  private readonly known = new Map<number, number>();

  constructor(private readonly capacity = 50_000) {}

  /** The row number of match `ordinal`, when known. */
  numberAt(ordinal: number): number | undefined {
    return this.known.get(ordinal);
  }

  /** Records matches `from`, `from + 1`, … (oldest first) of a query answered with `total` matches. */
  setSlice(total: number, from: number, numbers: readonly number[]): void {
    this.adoptTotal(total);
    numbers.forEach((n, i) => this.remember(from + i, n));
  }

  /** Records the newest matches, given newest first (a `newestFirst` answer). */
  setNewest(total: number, newestFirst: readonly number[]): void {
    this.adoptTotal(total);
    newestFirst.forEach((n, i) => this.remember(total - 1 - i, n));
  }

  /** Ordinals in [first, last] whose row number is not known. */
  missing(first: number, last: number): number[] {
    const out: number[] = [];
    for (let o = Math.max(0, first); o <= Math.min(last, this.total - 1); o++)
      if (!this.known.has(o)) out.push(o);
    return out;
  }

  /** The ordinal of the known match with this row number, or of the nearest known one before/after it. */
  ordinalNear(number: number, direction: 'at-or-after' | 'at-or-before'): number | undefined {
    let best: { ordinal: number; number: number } | undefined;
    for (const [ordinal, n] of this.known) {
      if (direction === 'at-or-after' ? n < number : n > number) continue;
      if (best === undefined || (direction === 'at-or-after' ? n < best.number : n > best.number))
        best = { ordinal, number: n };
    }
    return best?.ordinal;
  }

  /** Forgets every known match (the query changed, or rows were evicted or moved). */
  clear(): void {
    this.known.clear();
    this.total = 0;
  }

  /** Forgets the known matches but keeps the total (the next answer fills them again). */
  forget(): void {
    this.known.clear();
  }

  private adoptTotal(total: number): void {
    if (total !== this.total) {
      // Ordinals past the new end no longer exist.
      for (const o of this.known.keys()) if (o >= total) this.known.delete(o);
      this.total = total;
    }
  }

  private remember(ordinal: number, number: number): void {
    this.known.delete(ordinal);
    this.known.set(ordinal, number);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
  }
}
