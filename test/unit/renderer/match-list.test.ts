import { describe, expect, it } from 'vitest';
import { MatchList } from '../../../src/renderer/composables/match-list';

describe('MatchList', () => {
  it('keeps slices oldest first and the newest matches newest first by ordinal', () => {
    const list = new MatchList();
    list.setSlice(10, 0, [100, 105, 110]);
    list.setNewest(10, [900, 800]);
    expect(list.numberAt(1)).toBe(105);
    expect(list.numberAt(9)).toBe(900);
    expect(list.numberAt(8)).toBe(800);
    expect(list.missing(0, 9)).toEqual([3, 4, 5, 6, 7]);
  });

  it('forgets ordinals past a smaller total', () => {
    const list = new MatchList();
    list.setSlice(5, 0, [1, 2, 3, 4, 5]);
    list.setSlice(3, 0, [3, 4, 5]);
    expect(list.numberAt(4)).toBeUndefined();
    expect(list.numberAt(0)).toBe(3);
  });

  it('finds the known match nearest a row number in either direction', () => {
    const list = new MatchList();
    list.setSlice(4, 0, [10, 20, 30, 40]);
    expect(list.ordinalNear(25, 'at-or-after')).toBe(2);
    expect(list.ordinalNear(25, 'at-or-before')).toBe(1);
    expect(list.ordinalNear(30, 'at-or-after')).toBe(2);
    expect(list.ordinalNear(41, 'at-or-after')).toBeUndefined();
  });
});
