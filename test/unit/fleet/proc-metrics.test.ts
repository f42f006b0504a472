import { describe, expect, it } from 'vitest';
import { cpuPercent, parseProcSample, toMetricsSample } from '../../../src/engine/fleet/proc-metrics';

const block = (user: number, idle: number) => [
  '0.52 0.58 0.59 2/812 12345',
  `cpu  ${user} 0 100 ${idle} 50 0 10 0 0 0`,
  'MemTotal:       16000000 kB',
  'MemAvailable:    4000000 kB',
];

describe('proc metrics', () => {
  it('reads load averages, CPU jiffies and memory from one probe block', () => {
    const sample = parseProcSample(block(1000, 9000), 1_700_000_000);
    expect(sample.load).toEqual([0.52, 0.58, 0.59]);
    expect(sample.cpu).toEqual({ busy: 1110, total: 10160 });
    expect(sample.memTotalKb).toBe(16_000_000);
    expect(sample.memAvailableKb).toBe(4_000_000);
  });

  it('computes busy CPU between two samples, and none for the first', () => {
    const a = parseProcSample(block(1000, 9000), null);
    const b = parseProcSample(block(1500, 9500), null);
    expect(cpuPercent(null, a.cpu)).toBeNull();
    expect(cpuPercent(a.cpu, b.cpu)).toBe(50);
    expect(toMetricsSample('web-1', 1, b, a.cpu)).toEqual({
      host: 'web-1',
      ts: 1,
      load1: 0.52,
      load5: 0.58,
      load15: 0.59,
      cpuPercent: 50,
      memUsedPercent: 75,
    });
  });

  it('leaves fields it cannot read empty instead of guessing', () => {
    const sample = parseProcSample(['garbage', 'cpu x y z'], null);
    expect(sample).toEqual({
      remoteTimeSec: null,
      load: null,
      cpu: null,
      memTotalKb: null,
      memAvailableKb: null,
    });
  });
});
