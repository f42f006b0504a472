/**
 * A mergeable quantile sketch for durations: counts in logarithmic buckets (as DDSketch does), so any
 * quantile comes back within a fixed relative error whatever the spread of the values, and two sketches
 * (two hosts, two time buckets) merge by adding their counts. Memory grows with the spread of values
 * (log-scale buckets), never with their number.
 */
export class LatencySketch {
  private readonly counts = new Map<number, number>();
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
    return this.counts.size + (this.zeros > 0 ? 1 : 0);
  }

  /** Adds a duration; values at or below zero count as zero, non-finite ones are ignored. */
  add(value: number, times = 1): void {
    if (!Number.isFinite(value) || times <= 0) return;
    this.total += times;
    if (value <= MIN_VALUE) {
      this.zeros += times;
      return;
    }
    const key = Math.ceil(Math.log(value) / this.logGamma);
    this.counts.set(key, (this.counts.get(key) ?? 0) + times);
  }

  /** Adds every count of another sketch with the same relative error. */
  merge(other: LatencySketch): void {
    if (other.relativeError !== this.relativeError)
      throw new RangeError(
        `cannot merge sketches of relative error ${other.relativeError} and ${this.relativeError}`,
      );
    this.total += other.total;
    this.zeros += other.zeros;
    for (const [key, n] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** The q-quantile (0 ≤ q ≤ 1), or NaN when the sketch is empty. */
  quantile(q: number): number {
    return this.quantiles([q])[0];
  }

  /** Several quantiles in one walk over the buckets. */
  quantiles(qs: readonly number[]): number[] {
    if (this.total === 0) return qs.map(() => NaN);
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
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
      while (k < keys.length && seen + this.counts.get(keys[k])! <= rank) seen += this.counts.get(keys[k++])!;
      out[i] = this.valueOf(keys[Math.min(k, keys.length - 1)]);
    }
    return out;
  }

  /** The bucket's representative value: equally far, relatively, from both of its edges. */
  private valueOf(key: number): number {
    return (2 * Math.pow(this.gamma, key)) / (this.gamma + 1);
  }
}

/** Durations below a nanosecond (in milliseconds) are indistinguishable from zero. */
const MIN_VALUE = 1e-6;
