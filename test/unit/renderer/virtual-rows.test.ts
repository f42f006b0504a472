import { describe, expect, it } from 'vitest';
import { isRowVisible, scrollTopFor, virtualWindow } from '../../../src/renderer/composables/virtual-rows';

describe('virtualWindow', () => {
  const small = { count: 1000, rowHeight: 20, viewportHeight: 200 };

  it('draws the rows in view plus overscan, offset by the scroll inside the first row', () => {
    const w = virtualWindow(small, 105, 2);
    expect(w.scrollHeight).toBe(20_000);
    expect(w.first).toBe(3);
    expect(w.last).toBe(17);
    expect(w.firstTop).toBe(3 * 20 - 105);
  });

  it('draws nothing for no rows and clamps at the ends', () => {
    expect(virtualWindow({ ...small, count: 0 }, 0)).toMatchObject({ first: 0, last: -1 });
    expect(virtualWindow(small, 1e9, 0).last).toBe(999);
  });

  it('maps the scroll position proportionally when rows exceed the tallest element', () => {
    const big = { count: 2_000_000, rowHeight: 22, viewportHeight: 880, maxScrollPx: 10_000_000 };
    const top = virtualWindow(big, 0, 0);
    expect(top.scrollHeight).toBe(10_000_000);
    expect(top.first).toBe(0);
    const bottom = virtualWindow(big, 10_000_000 - 880, 0);
    expect(bottom.last).toBe(1_999_999);
    expect(bottom.firstTop + (bottom.last - bottom.first + 1) * 22).toBeGreaterThanOrEqual(880);
  });
});

describe('scrollTopFor', () => {
  it('aligns a row to the start, end or centre, in both exact and proportional mode', () => {
    const g = { count: 1000, rowHeight: 20, viewportHeight: 200 };
    expect(scrollTopFor(g, 10, 'start')).toBe(200);
    expect(scrollTopFor(g, 10, 'end')).toBe(20);
    expect(scrollTopFor(g, 999, 'end')).toBe(19_800);
    expect(isRowVisible(g, scrollTopFor(g, 500, 'center'), 500)).toBe(true);
    const big = { count: 2_000_000, rowHeight: 22, viewportHeight: 880, maxScrollPx: 10_000_000 };
    for (const index of [0, 123_456, 1_999_999]) {
      expect(isRowVisible(big, scrollTopFor(big, index, 'center'), index)).toBe(true);
    }
  });
});
