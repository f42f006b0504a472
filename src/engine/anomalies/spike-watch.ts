import type { ErrorSpike } from '../../shared/analytics-types';
import { fillGaps, type GappySeries } from '../analytics/series-builder';
import { detectSpikes } from '../analytics/spike-detector';

export interface SpikeWatchOptions {
  /** Trailing buckets that form each bucket's baseline. */
  window?: number;
  /** Robust z-score above which a bucket is a spike. */
  threshold?: number;
  /** Baseline buckets needed before anything is flagged. */
  minBaseline?: number;
  /**
   * Smallest spread assumed, in errors per second: an application that logs no errors has a zero MAD,
   * and one stray error must not count as an infinite score.
   */
  minSpread?: number;
  /** Spikes kept for getAnomalies. */
  maxKept?: number;
}

const DEFAULTS = { window: 30, threshold: 3.5, minBaseline: 6, minSpread: 0.2, maxKept: 200 };

/**
 * Error-rate spikes of applications and hosts: each pass runs the robust detector over the latest
 * complete buckets of every errors/s series and reports the spikes not reported before.
 */
export class SpikeWatch {
  private readonly options: typeof DEFAULTS;
  /** Ids of reported spikes, with their bucket time, so none is reported twice. */
  private readonly reported = new Map<string, number>();
  private kept: ErrorSpike[] = [];

  constructor(options: SpikeWatchOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Spikes among `series` (buckets of `stepMs` from `start`) that were not reported yet, oldest first. */
  check(
    scope: ErrorSpike['scope'],
    name: string,
    series: GappySeries,
    start: number,
    stepMs: number,
    now: number,
  ): ErrorSpike[] {
    const filled = fillGaps(series);
    if (!filled) return [];
    const fresh: ErrorSpike[] = [];
    for (const s of detectSpikes(filled.values, this.options)) {
      const at = start + (filled.offset + s.index) * stepMs;
      const id = `${scope}:${name}@${at}`;
      if (this.reported.has(id)) continue;
      this.reported.set(id, at);
      fresh.push({
        id,
        scope,
        name,
        at,
        stepMs,
        value: s.value,
        baseline: s.baseline,
        score: s.score,
        detectedAt: now,
      });
    }
    if (fresh.length > 0) {
      this.kept = [...fresh, ...this.kept].sort((a, b) => b.at - a.at).slice(0, this.options.maxKept);
      // Buckets before this series' start are never checked again.
      if (this.reported.size > 10 * this.options.maxKept)
        for (const [id, at] of this.reported) if (at < start) this.reported.delete(id);
    }
    return fresh;
  }

  /** Reported spikes, newest first. */
  recent(): ErrorSpike[] {
    return [...this.kept];
  }
}
