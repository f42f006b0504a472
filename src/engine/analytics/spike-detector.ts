import { median } from './series-stats';
import { SortedWindow } from './sorted-window';

export interface SpikeOptions {
  /** Trailing points that form the baseline of each point (the point itself excluded). */
  window?: number;
  /** Robust z-score above which a point is a spike; 3.5 is the usual cut for the modified z-score. */
  threshold?: number;
  /** Baseline points needed before anything is flagged. */
  minBaseline?: number;
  /** Smallest spread assumed, so a perfectly flat baseline does not turn a blip into an infinite score. */
  minSpread?: number;
}

export interface Spike {
  index: number;
  value: number;
  baseline: number;
  /** Modified z-score: 0.6745 × (value − median) / MAD. */
  score: number;
}

// MAD × 1.4826 estimates the standard deviation of normal data; 0.6745 is its reciprocal.
const MAD_TO_SIGMA = 1.4826;

/**
 * Flags points that rise far above the median of the trailing window, measured in robust units
 * (median absolute deviation), so earlier spikes in the window do not mask later ones.
 */
export function detectSpikes(values: readonly number[], options: SpikeOptions = {}): Spike[] {
  const window = options.window ?? 60;
  const threshold = options.threshold ?? 3.5;
  const minBaseline = options.minBaseline ?? Math.min(window, 10);
  const minSpread = options.minSpread ?? 1e-9;
  const baseline = new SortedWindow();
  const spikes: Spike[] = [];
  for (let i = 0; i < values.length; i++) {
    if (baseline.size >= minBaseline) {
      const med = baseline.median();
      const spread = Math.max(medianAbsoluteDeviation(baseline.values(), med) * MAD_TO_SIGMA, minSpread);
      const score = (values[i] - med) / spread;
      if (score > threshold) spikes.push({ index: i, value: values[i], baseline: med, score });
    }
    baseline.insert(values[i]);
    if (baseline.size > window) baseline.remove(values[i - window]);
  }
  return spikes;
}

function medianAbsoluteDeviation(values: readonly number[], center: number): number {
  return median(values.map((v) => Math.abs(v - center)));
}
