/**
 * A mergeable quantile sketch for durations: counts in logarithmic buckets (as DDSketch does), so any
 * quantile comes back within a fixed relative error whatever the spread of the values, and two sketches
 * (two hosts, two time buckets) merge by adding their counts. Memory grows with the spread of values
 * (log-scale buckets), never with their number.
 */
export class LatencySketch {
  /**
   * Counts of buckets `offset` to `offset + counts.length - 1`, by bucket key: an array, not a map, as
   * this is added to for every request line (and a plain one: making a typed array costs microseconds);
   * a key is ~ln(value)/0.02, so even nanoseconds to days span under 2,000 buckets.
   */
  private counts: number[] = [];
  private offset = 0;
  private zeros = 0;
  private total = 0;
  private readonly gamma: number;
  private readonly logGamma: number;

  /** `relativeError` bounds |estimate − true| / true for every quantile. */
  constructor(readonly relativeError = 0.01) {
    if (!(relativeError > 0 && relativeError < 1))
      throw new RangeError(`relative error must be between 0 and 1, got ${relativeError}`);
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.logGamma = Math.log(this.gamma);
  }

  get count(): number {
    return this.total;
  }

  /** Buckets in use (the sketch's size). */
  get buckets(): number {
    let used = this.zeros > 0 ? 1 : 0;
    for (const count of this.counts) if (count > 0) used++;
    return used;
  }

  /** Adds a duration; values at or below zero count as zero, non-finite ones are ignored. */
  add(value: number, times = 1): void {
    if (!Number.isFinite(value) || times <= 0) return;
    this.total += times;
    if (value <= MIN_VALUE) {
      this.zeros += times;
      return;
    }
    this.addToBucket(Math.ceil(Math.log(value) / this.logGamma), times);
  }

  /** Adds every count of another sketch with the same relative error. */
  merge(other: LatencySketch): void {
    if (other.relativeError !== this.relativeError)
      throw new RangeError(
        `cannot merge sketches of relative error ${other.relativeError} and ${this.relativeError}`,
      );
    this.total += other.total;
    this.zeros += other.zeros;
    other.counts.forEach((count, i) => count > 0 && this.addToBucket(other.offset + i, count));
  }

  /** The q-quantile (0 ≤ q ≤ 1), or NaN when the sketch is empty. */
  quantile(q: number): number {
    return this.quantiles([q])[0];
  }

  /** Several quantiles in one walk over the buckets. */
  quantiles(qs: readonly number[]): number[] {
    if (this.total === 0) return qs.map(() => NaN);
    const counts = this.counts;
    let last = counts.length - 1;
    while (last > 0 && counts[last] === 0) last--;
    const order = qs.map((q, i) => ({ rank: Math.max(0, Math.min(1, q)) * (this.total - 1), i }));
    order.sort((a, b) => a.rank - b.rank);
    const out = new Array<number>(qs.length);
    let seen = this.zeros;
    let k = 0;
    for (const { rank, i } of order) {
      if (rank < this.zeros) {
        out[i] = 0;
        continue;
      }
      // Empty buckets are passed over: seen never exceeds the rank here.
      while (k < last && seen + counts[k] <= rank) seen += counts[k++];
      out[i] = this.valueOf(this.offset + k);
    }
    return out;
  }

  private addToBucket(key: number, times: number): void {
    let i = key - this.offset;
    if (i < 0 || i >= this.counts.length) i = this.widen(key);
    this.counts[i] += times;
  }

  /** Makes room for `key` (at least doubling the range, so this is rare); returns its index. */
  private widen(key: number): number {
    const counts = this.counts;
    if (counts.length === 0) {
      this.counts = new Array<number>(INITIAL_BUCKETS).fill(0);
      this.offset = key - INITIAL_BUCKETS / 2;
      return INITIAL_BUCKETS / 2;
    }
    const span = Math.max(2 * counts.length, Math.abs(key - this.offset) + counts.length);
    // Grown towards the new key: values keep coming from that side.
    const offset = key < this.offset ? this.offset + counts.length - span : this.offset;
    const grown = new Array<number>(span).fill(0);
    const shift = this.offset - offset;
    for (let i = 0; i < counts.length; i++) grown[shift + i] = counts[i];
    this.counts = grown;
    this.offset = offset;
    return key - offset;
  }

  /** The bucket's representative value: equally far, relatively, from both of its edges. */
  private valueOf(key: number): number {
    return (2 * Math.pow(this.gamma, key)) / (this.gamma + 1);
  }
}

/** Durations below a nanosecond (in milliseconds) are indistinguishable from zero. */
const MIN_VALUE = 1e-6;
/** Buckets of a new sketch, around its first value: a factor of ~3.6 either way at 1 % error. */
const INITIAL_BUCKETS = 64;
