import type { RateSeries } from '../../../shared/api';

/** An application whose error rate jumped well above its own recent level. */
export interface ErrorSpike {
  app: string;
  /** Errors per second in the latest complete step. */
  rate: number;
  /** The usual rate: the median of the steps before it. */
  baseline: number;
  threshold: number;
  at: number;
}

export interface SpikeRule {
  /** Steps of history needed before anything is called a spike. */
  minHistory: number;
  /** How many robust standard deviations (median absolute deviation × 1.4826) above the median. */
  deviations: number;
  /** And at least this many times the median… */
  ratio: number;
  /** …and at least this many errors per second, so a quiet service's 0 → 0.1 is not a spike. */
  minRate: number;
}

export const DEFAULT_SPIKE_RULE: SpikeRule = { minHistory: 6, deviations: 5, ratio: 3, minRate: 0.5 };

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The applications whose latest complete step of errors/s is a spike against the steps before it. The
 * median and its absolute deviation are used rather than mean and standard deviation, so an earlier burst
 * in the history neither hides the next one nor raises the bar for long. The step still in progress at
 * `now` is left out (it is only partly counted), and so are the steps before the application's first line.
 */
export function findErrorSpikes(
  series: RateSeries,
  now: number,
  rule: SpikeRule = DEFAULT_SPIKE_RULE,
): ErrorSpike[] {
  let complete = series.times.length;
  while (complete > 0 && series.times[complete - 1] + series.stepMs > now) complete--;
  if (complete < rule.minHistory + 1) return [];
  const spikes: ErrorSpike[] = [];
  for (const { app, errorsPerSec, linesPerSec } of series.apps) {
    // Steps before the application's first line are no data, not a quiet level.
    const first = linesPerSec.findIndex((rate) => rate > 0);
    if (first < 0 || complete - 1 - first < rule.minHistory) continue;
    const rate = errorsPerSec[complete - 1] ?? 0;
    const history = errorsPerSec.slice(first, complete - 1);
    const baseline = median(history);
    const spread = 1.4826 * median(history.map((v) => Math.abs(v - baseline)));
    const threshold = Math.max(rule.minRate, baseline * rule.ratio, baseline + rule.deviations * spread);
    if (rate >= threshold) spikes.push({ app, rate, baseline, threshold, at: series.times[complete - 1] });
  }
  return spikes;
}

/** Notifies at most once per application within the quiet period, so a lasting spike is one notification. */
export class SpikeNotifications {
  private readonly last = new Map<string, number>();

  constructor(private readonly quietMs: number) {}

  due(app: string, now: number): boolean {
    const previous = this.last.get(app);
    if (previous !== undefined && now - previous < this.quietMs) return false;
    this.last.set(app, now);
    return true;
  }

  reset(): void {
    this.last.clear();
  }
}
