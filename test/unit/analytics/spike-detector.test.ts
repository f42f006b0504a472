import { describe, expect, it } from 'vitest';
import { detectSpikes } from '../../../src/engine/analytics/spike-detector';
import { seededNormal } from './synthetic';

const errorRate = (length: number, seed: number) => {
  const normal = seededNormal(seed);
  return Array.from({ length }, () => 10 + normal());
};

describe('error-rate spike detection', () => {
  it('flags an injected spike with a high robust z-score', () => {
    const rate = errorRate(300, 1);
    rate[200] = 30;
    const spikes = detectSpikes(rate);
    expect(spikes.map((s) => s.index)).toContain(200);
    const spike = spikes.find((s) => s.index === 200)!;
    expect(spike.score).toBeGreaterThan(10);
    expect(spike.baseline).toBeCloseTo(10, 0);
  });

  it('flags almost nothing in steady noise', () => {
    expect(detectSpikes(errorRate(2000, 2)).length).toBeLessThan(10);
  });

  it('still sees a second spike shortly after the first, because median and MAD ignore outliers', () => {
    const rate = errorRate(300, 3);
    rate[150] = 40;
    rate[155] = 35;
    expect(detectSpikes(rate).map((s) => s.index)).toEqual(expect.arrayContaining([150, 155]));
  });

  it('does not flag drops, only rises', () => {
    const rate = errorRate(300, 4);
    rate[100] = -20;
    expect(detectSpikes(rate).map((s) => s.index)).not.toContain(100);
  });

  it('scores a rise over a perfectly flat baseline without dividing by zero', () => {
    const flat = new Array(50).fill(0);
    flat[40] = 3;
    const spikes = detectSpikes(flat, { minSpread: 0.5 });
    expect(spikes).toHaveLength(1);
    expect(spikes[0].score).toBeCloseTo(6, 6);
  });

  it('waits for a baseline before flagging anything', () => {
    expect(detectSpikes([1, 100, 1, 1], { minBaseline: 5 })).toEqual([]);
  });
});
