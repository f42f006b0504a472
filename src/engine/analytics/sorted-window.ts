/** A multiset of numbers kept sorted, for rolling medians: O(window) insert and remove, O(1) median. */
export class SortedWindow {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  insert(value: number): void {
    this.items.splice(this.lowerBound(value), 0, value);
  }

  remove(value: number): void {
    const i = this.lowerBound(value);
    if (this.items[i] === value) this.items.splice(i, 1);
  }

  median(): number {
    const n = this.items.length;
    if (n === 0) return NaN;
    const mid = n >> 1;
    return n % 2 === 1 ? this.items[mid] : (this.items[mid - 1] + this.items[mid]) / 2;
  }

  values(): readonly number[] {
    return this.items;
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
