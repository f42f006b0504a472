import type { HostMetricsSample } from '../../shared/types';

/** The recent metric samples of every host, bounded per host (an hour at the default 5 s interval). */
export class HostMetricsHistory {
  private readonly byHost = new Map<string, HostMetricsSample[]>();

  constructor(private readonly perHost = 720) {}

  add(sample: HostMetricsSample): void {
    let samples = this.byHost.get(sample.host);
    if (!samples) this.byHost.set(sample.host, (samples = []));
    samples.push(sample);
    if (samples.length > this.perHost) samples.splice(0, samples.length - this.perHost);
  }

  samples(host?: string): HostMetricsSample[] {
    if (host !== undefined) return [...(this.byHost.get(host) ?? [])];
    return [...this.byHost.values()].flat().sort((a, b) => a.ts - b.ts);
  }

  clear(): void {
    this.byHost.clear();
  }
}
