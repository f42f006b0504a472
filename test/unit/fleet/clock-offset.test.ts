import { describe, expect, it } from 'vitest';
import { clockOffsetOf } from '../../../src/engine/fleet/host-probe';

describe('clockOffsetOf', () => {
  it('is remote time against the round trip midpoint when it exceeds the round trip', () => {
    expect(clockOffsetOf(15_050, 10_000, 10_100)).toBe(5_000);
    expect(clockOffsetOf(7_050, 10_000, 10_100)).toBe(-3_000);
  });

  it('is 0 when the remote clock could have been read anywhere in the round trip', () => {
    // Same clock, a slow round trip: read at 10,000, answered at 10,400.
    expect(clockOffsetOf(10_000, 10_000, 10_400)).toBe(0);
    expect(clockOffsetOf(10_400, 10_000, 10_400)).toBe(0);
    expect(clockOffsetOf(10_302, 10_000, 10_200)).toBe(202);
  });
});
