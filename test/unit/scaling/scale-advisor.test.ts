import { describe, expect, it } from 'vitest';
import { adviseScale, type MetricForecast } from '../../../src/engine/scaling/scale-advisor';
import {
  emptyMemory,
  recordScaleChange,
  type ScalingMemory,
} from '../../../src/engine/scaling/scaling-memory';
import { scalingPolicySchema, type ScalingPolicyInput } from '../../../src/shared/scaling-schema';

const STEP = 60_000;
const NOW = Date.UTC(2025, 0, 1, 12);

function policy(overrides: Partial<ScalingPolicyInput> = {}) {
  return scalingPolicySchema.parse({
    metric: 'lines_per_sec',
    targetPerReplica: 100,
    min: 2,
    max: 8,
    action: { plugin: 'haproxy', params: {} },
    ...overrides,
  });
}

/** A forecast that moves linearly from `last` by `slope` per step, with a ±spread interval. */
function ramp(last: number, slope: number, steps = 20, spread = 10): MetricForecast {
  const forecast = Array.from({ length: steps }, (_, i) => last + slope * (i + 1));
  return {
    last,
    at: NOW,
    stepMs: STEP,
    model: 'holt-winters',
    level: 0.8,
    forecast,
    lower: forecast.map((v) => v - spread),
    upper: forecast.map((v) => v + spread),
  };
}

function advise(
  p: ReturnType<typeof policy>,
  replicas: number,
  forecasts: Record<string, MetricForecast>,
  memory: ScalingMemory = emptyMemory(),
  now = NOW,
) {
  return adviseScale({ app: 'checkout', policy: p, replicas, forecasts, memory, now });
}

describe('scale advisor: target per replica', () => {
  it('suggests enough replicas for the forecast peak within the lookahead, rounded up to whole steps', () => {
    // 250 now, +20/min: the 10-minute lookahead peaks at 450, which needs 5 replicas of 100.
    const s = advise(policy({ step: 2 }), 2, { lines_per_sec: ramp(250, 20) });
    expect(s).toMatchObject({ app: 'checkout', from: 2, to: 6, direction: 'up' });
    expect(s!.evidence).toMatchObject({
      metric: 'lines_per_sec',
      last: 250,
      peak: 450,
      targetPerReplica: 100,
    });
    expect(s!.reason).toContain('lines_per_sec is forecast to reach 450 within 10 min');
    expect(s!.expires).toBe(NOW + 300_000);
  });

  it('reads only the lookahead: growth beyond it does not count', () => {
    const s = advise(policy({ lookaheadSec: 120 }), 3, { lines_per_sec: ramp(250, 20) });
    expect(s).toBeNull(); // 290 at two minutes fits in 3 × 100
  });

  it('stops at the maximum and says what would have been needed', () => {
    const s = advise(policy({ max: 4 }), 3, { lines_per_sec: ramp(700, 20) });
    expect(s).toMatchObject({ from: 3, to: 4 });
    expect(s!.reason).toContain("the policy's maximum; 9 would be needed");
  });

  it('suggests nothing at the maximum, or when capacity suffices', () => {
    expect(advise(policy(), 8, { lines_per_sec: ramp(2000, 10) })).toBeNull();
    expect(advise(policy(), 5, { lines_per_sec: ramp(300, 5) })).toBeNull();
  });

  it('brings a pool outside [min, max] back inside, whatever the forecast', () => {
    expect(advise(policy(), 1, { lines_per_sec: ramp(10, 0) })).toMatchObject({ from: 1, to: 2 });
    expect(advise(policy(), 9, { lines_per_sec: ramp(10, 0) })).toMatchObject({ from: 9, to: 8 });
  });

  it('waits out the cooldown after a change', () => {
    const memory: ScalingMemory = { scaleUps: [], lastChangeAt: NOW - 100_000 };
    expect(advise(policy(), 2, { lines_per_sec: ramp(500, 10) }, memory)).toBeNull();
    expect(advise(policy(), 2, { lines_per_sec: ramp(500, 10) }, memory, NOW + 200_001)).not.toBeNull();
  });

  it('suggests nothing without a forecast of its metric', () => {
    expect(advise(policy(), 2, { errors_per_sec: ramp(500, 10) })).toBeNull();
  });
});

describe('scale advisor: threshold', () => {
  const thresholdPolicy = policy({
    metric: 'errors_per_sec',
    targetPerReplica: undefined,
    threshold: 50,
    step: 2,
  });

  it('adds a step when the forecast crosses the threshold within the lookahead, saying when', () => {
    const s = advise(thresholdPolicy, 2, { errors_per_sec: ramp(20, 5) });
    expect(s).toMatchObject({ from: 2, to: 4, direction: 'up' });
    expect(s!.evidence.crossing).toBe('errors_per_sec cross 50 in about 6 min, 80% interval 4–8 min');
    expect(s!.reason).toBe(
      'errors_per_sec cross 50 in about 6 min, 80% interval 4–8 min; adding 2 replica(s)',
    );
  });

  it('adds a step when the metric is already above the threshold', () => {
    const s = advise(thresholdPolicy, 2, { errors_per_sec: ramp(80, -1) });
    expect(s).toMatchObject({ to: 4 });
    expect(s!.reason).toContain('errors_per_sec is already at 80, above 50');
  });

  it('stays put when the forecast stays below the threshold', () => {
    expect(advise(thresholdPolicy, 2, { errors_per_sec: ramp(20, 1) })).toBeNull();
  });
});

describe('scale advisor: scale-down remembers the load at each scale-up (Campos 2021)', () => {
  const p = policy({ step: 2, scaleDown: { alpha: 0.6, metric: 'requests_per_sec' } });
  const grown = recordScaleChange(emptyMemory(), { from: 2, to: 4, load: 400, at: NOW - 3_600_000 });

  it('scales back to the count before the scale-up once load falls below that load × alpha', () => {
    const s = advise(p, 4, { lines_per_sec: ramp(150, 0), requests_per_sec: ramp(230, 0) }, grown);
    expect(s).toMatchObject({ from: 4, to: 2, direction: 'down' });
    expect(s!.evidence).toMatchObject({
      loadMetric: 'requests_per_sec',
      loadPeak: 230,
      scaleUpLoad: 400,
      alpha: 0.6,
    });
    expect(s!.reason).toContain('below 0.6 × 400, the load when the pool grew from 2 to 4; back to 2');
  });

  it('keeps the pool while load stays above that mark, forecast included', () => {
    expect(advise(p, 4, { lines_per_sec: ramp(150, 0), requests_per_sec: ramp(250, 0) }, grown)).toBeNull();
    expect(advise(p, 4, { lines_per_sec: ramp(150, 0), requests_per_sec: ramp(200, 5) }, grown)).toBeNull();
  });

  it('never scales down without a remembered scale-up, nor below what the forecast needs', () => {
    expect(advise(p, 4, { lines_per_sec: ramp(10, 0), requests_per_sec: ramp(10, 0) })).toBeNull();
    const s = advise(p, 4, { lines_per_sec: ramp(290, 0), requests_per_sec: ramp(100, 0) }, grown);
    expect(s).toMatchObject({ from: 4, to: 3 });
  });

  it('unwinds scale-ups one at a time, newest first', () => {
    const twice = recordScaleChange(grown, { from: 4, to: 6, load: 600, at: NOW - 1_800_000 });
    const forecasts = { lines_per_sec: ramp(100, 0), requests_per_sec: ramp(300, 0) };
    expect(advise(p, 6, forecasts, twice)).toMatchObject({ from: 6, to: 4 });
    const after = recordScaleChange(twice, { from: 6, to: 4, load: 300, at: NOW - 600_000 });
    expect(after.scaleUps).toEqual([{ from: 2, to: 4, load: 400, at: NOW - 3_600_000 }]);
    expect(advise(p, 4, forecasts, after)).toBeNull(); // 300 ≥ 0.6 × 400
  });

  it('forgets scale-ups undone outside the workbench', () => {
    const forecasts = { lines_per_sec: ramp(100, 0), requests_per_sec: ramp(100, 0) };
    expect(advise(p, 2, forecasts, grown)).toBeNull();
  });
});

describe('scale advisor: determinism', () => {
  it('gives the same suggestion for the same input', () => {
    const input = { lines_per_sec: ramp(250, 20) };
    expect(advise(policy(), 2, input)).toEqual(advise(policy(), 2, input));
  });
});
