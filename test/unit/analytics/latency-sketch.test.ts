import { describe, expect, it } from 'vitest';
import { LatencySketch } from '../../../src/engine/analytics/latency-sketch';
import { seededNormal } from './synthetic';

const exactQuantile = (sorted: number[], q: number) => sorted[Math.round(q * (sorted.length - 1))];

describe('latency sketch', () => {
  it('answers quantiles within its relative error on a long-tailed distribution', () => {
    const normal = seededNormal(7);
    const values = Array.from({ length: 20_000 }, () => Math.exp(3 + normal()));
    const sketch = new LatencySketch(0.01);
    for (const v of values) sketch.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThan(0.021);
    }
    expect(sketch.count).toBe(20_000);
    expect(sketch.buckets).toBeLessThan(700);
  });

  it('answers the same whatever the order of values spread over thirteen decades', () => {
    const values = Array.from(
      { length: 5000 },
      (_, i) => 1e-5 * Math.pow(10, (13 * ((i * 7919) % 5000)) / 5000),
    );
    const sorted = [...values].sort((a, b) => a - b);
    const orders = [values, sorted, [...sorted].reverse()];
    const qs = Array.from({ length: 101 }, (_, i) => i / 100);
    const answers = orders.map((order) => {
      const sketch = new LatencySketch(0.01);
      for (const v of order) sketch.add(v);
      return sketch.quantiles(qs);
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    qs.forEach((q, i) => {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(answers[0][i] - exact) / exact, `q ${q}`).toBeLessThan(0.021);
    });
  });

  it('merges: two halves give the quantiles of the whole', () => {
    const a = new LatencySketch();
    const b = new LatencySketch();
    const whole = new LatencySketch();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).add(i);
      whole.add(i);
    }
    a.merge(b);
    expect(a.quantiles([0.5, 0.95, 0.99])).toEqual(whole.quantiles([0.5, 0.95, 0.99]));
    expect(a.quantile(0.5)).toBeCloseTo(500, -1);
  });

  it('keeps zeros, ignores non-finite values, answers NaN when empty', () => {
    const sketch = new LatencySketch();
    expect(sketch.quantile(0.5)).toBeNaN();
    sketch.add(0, 3);
    sketch.add(Number.NaN);
    sketch.add(100);
    expect(sketch.count).toBe(4);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(1)).toBeCloseTo(100, -1);
  });

  it('refuses to merge sketches of different accuracy', () => {
    expect(() => new LatencySketch(0.01).merge(new LatencySketch(0.02))).toThrow('cannot merge');
  });
});
