import { describe, expect, it } from 'vitest';
import { hostSeries } from '../../../src/engine/snapshots/engine-snapshot-source';
import type { ReviewData } from '../../../src/engine/snapshots/review-loader';
import { reviewHostSamples } from '../../../src/engine/snapshots/review-views';
import type { HostMetricsSample } from '../../../src/shared/types';

const T = Date.UTC(2024, 4, 1, 12);

function sample(host: string, i: number, jitter = 0): HostMetricsSample {
  return {
    host,
    ts: T + i * 5000 + jitter,
    load1: i / 10,
    load5: null,
    load15: null,
    cpuPercent: i === 0 ? null : 10 * i,
    memUsedPercent: 50,
  };
}

describe('host metrics in snapshots', () => {
  it('puts each host’s samples on its sampling grid, repeating the sample before a missed one', () => {
    const samples = [0, 1, 2, 4].map((i) => sample('web-1', i, i === 4 ? 300 : 0));
    const series = hostSeries(samples);
    expect(series.map((s) => s.name)).toEqual(['web-1/cpu_percent', 'web-1/load1', 'web-1/mem_used_percent']);
    expect(series[0]).toEqual({
      name: 'web-1/cpu_percent',
      host: 'web-1',
      unit: '%',
      start: T + 5000,
      stepMs: 5000,
      values: [10, 20, 20, 40],
    });
    expect(series[1].values).toEqual([0, 0.1, 0.2, 0.2, 0.4]);
  });

  it('gives the series back as samples per host and time in review', () => {
    const series = hostSeries([...[0, 1, 2].map((i) => sample('web-1', i)), sample('web-2', 1)]);
    const data = { series } as ReviewData;
    const web1 = reviewHostSamples(data, 'web-1');
    expect(web1.map((s) => [s.ts - T, s.cpuPercent, s.load1, s.memUsedPercent])).toEqual([
      [0, null, 0, 50],
      [5000, 10, 0.1, 50],
      [10_000, 20, 0.2, 50],
    ]);
    expect(reviewHostSamples(data).map((s) => s.host)).toEqual(['web-1', 'web-1', 'web-2', 'web-1']);
  });
});
