import { describe, expect, it } from 'vitest';
import {
  clockWarning,
  formatBytes,
  formatRate,
  stateLabel,
} from '../../../src/renderer/components/fleet/fleet-format';
import { sparklinePath } from '../../../src/renderer/components/fleet/sparkline-path';

describe('host chip words', () => {
  it('counts down to the next reconnect and names the failure', () => {
    expect(stateLabel({ host: 'web-1', state: 'reconnecting', nextTryAt: 10_400 }, 6_000)).toBe(
      'reconnecting in 4s',
    );
    expect(stateLabel({ host: 'web-1', state: 'reconnecting', nextTryAt: 5_000 }, 6_000)).toBe(
      'reconnecting',
    );
    expect(
      stateLabel({ host: 'web-3', state: 'failed', reason: 'Connection refused by 127.0.1.3:22 (web-3)' }, 0),
    ).toBe('failed: Connection refused by 127.0.1.3:22');
    expect(stateLabel({ host: 'web-1', state: 'standby' }, 0)).toBe('standby');
    expect(stateLabel({ host: 'web-1', state: 'failed', reason: 'x'.repeat(80) }, 0)).toHaveLength(
      'failed: '.length + 48,
    );
  });

  it('warns about clocks more than a second off', () => {
    expect(clockWarning(undefined)).toBeNull();
    expect(clockWarning(1000)).toBeNull();
    expect(clockWarning(-900)).toBeNull();
    expect(clockWarning(2345)).toBe('clock 2.3 s ahead');
    expect(clockWarning(-125_000)).toBe('clock 125 s behind');
  });

  it('writes rates and sizes briefly', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(0.44)).toBe('0.4/s');
    expect(formatRate(35.2)).toBe('35/s');
    expect(formatRate(1234)).toBe('1.2k/s');
    expect(formatRate(52_000)).toBe('52k/s');
    expect(formatBytes(null)).toBe('–');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(320_000)).toBe('320 kB');
    expect(formatBytes(1_460_000)).toBe('1.5 MB');
  });
});

describe('sparklinePath', () => {
  it('scales values to the box, zero at the bottom, breaking at missing samples', () => {
    expect(sparklinePath([0, 50, 100], 100, 10, 100)).toBe('M0 10L50 5L100 0');
    expect(sparklinePath([1, null, 1, 1], 30, 10, 2)).toBe('M0 5M20 5L30 5');
    expect(sparklinePath([], 10, 10)).toBe('');
    expect(sparklinePath([0, 0], 10, 10)).toBe('M0 10L10 10');
  });
});
