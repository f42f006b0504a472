import { describe, expect, it } from 'vitest';
import { SpikeWatch } from '../../../src/engine/anomalies/spike-watch';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const STEP = 10_000;

describe('error-rate spike watch', () => {
  it('reports a spike once, with its bucket time and robust score', () => {
    const watch = new SpikeWatch();
    const series: (number | null)[] = [
      null,
      null,
      ...Array.from({ length: 40 }, (_, i) => 1 + (i % 3) * 0.1),
    ];
    series[35] = 12;
    const first = watch.check('app', 'shop', series, T0, STEP, T0 + 1e6);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      id: `app:shop@${T0 + 35 * STEP}`,
      scope: 'app',
      name: 'shop',
      value: 12,
    });
    expect(first[0].baseline).toBeCloseTo(1.1, 1);
    expect(first[0].score).toBeGreaterThan(3.5);
    expect(watch.check('app', 'shop', series, T0, STEP, T0 + 2e6)).toEqual([]);
    expect(watch.recent()).toEqual(first);
  });

  it('does not call one stray error on a silent application a spike', () => {
    const watch = new SpikeWatch();
    const series = new Array<number>(40).fill(0);
    series[30] = 0.1;
    expect(watch.check('host', 'web-1', series, T0, STEP, 0)).toEqual([]);
    series[31] = 5;
    expect(watch.check('host', 'web-1', series, T0, STEP, 0).map((s) => s.at)).toEqual([T0 + 31 * STEP]);
  });

  it('keeps spikes newest first, bounded', () => {
    const watch = new SpikeWatch({ maxKept: 2, minBaseline: 3 });
    const series = new Array<number>(30).fill(0);
    series[10] = series[15] = series[20] = 9;
    watch.check('app', 'shop', series, T0, STEP, 0);
    expect(watch.recent().map((s) => s.at)).toEqual([T0 + 20 * STEP, T0 + 15 * STEP]);
  });
});
