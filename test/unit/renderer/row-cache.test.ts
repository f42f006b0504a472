import { describe, expect, it } from 'vitest';
import { RowCache, wantedBlock } from '../../../src/renderer/composables/row-cache';

const rowsOf = (numbers: number[]) => numbers.map((n) => [n, `row ${n}`] as const);

describe('RowCache', () => {
  it('keeps fetched rows by number and does not ask twice for rows on their way', () => {
    const cache = new RowCache<string>(100);
    expect(cache.needs(5)).toBe(true);
    const token = cache.request([5, 6]);
    expect(cache.needs(5)).toBe(false);
    cache.store(token, [5, 6], rowsOf([5, 6]));
    expect(cache.get(6)).toBe('row 6');
    expect(cache.needs(6)).toBe(false);
  });

  it('keeps rows before the first changed one and marks the rest stale but still shown', () => {
    const cache = new RowCache<string>(100);
    const numbers = [10, 11, 12, 13];
    cache.store(cache.request(numbers), numbers, rowsOf(numbers));
    cache.invalidateFrom(12);
    expect(cache.needs(11)).toBe(false);
    expect(cache.needs(12)).toBe(true);
    expect(cache.get(12)).toBe('row 12');
  });

  it('stores an answer overtaken by an invalidation as stale from the changed row on', () => {
    const cache = new RowCache<string>(100);
    const token = cache.request([1, 2, 3]);
    cache.invalidateFrom(2);
    cache.store(token, [1, 2, 3], rowsOf([1, 2, 3]));
    expect(cache.needs(1)).toBe(false);
    expect(cache.needs(2)).toBe(true);
    expect(cache.needs(3)).toBe(true);
  });

  it('drops rows that left the window; numbers of the others do not shift', () => {
    const cache = new RowCache<string>(100);
    const numbers = [0, 1, 2, 3];
    cache.store(cache.request(numbers), numbers, rowsOf(numbers));
    cache.evictBefore(2);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(2)).toBe('row 2');
    expect(cache.size).toBe(2);
  });

  it('drops answers to requests made before it was cleared', () => {
    const cache = new RowCache<string>(100);
    const token = cache.request([0]);
    cache.clear();
    cache.store(token, [0], rowsOf([0]));
    expect(cache.get(0)).toBeUndefined();
    expect(cache.needs(0)).toBe(true);
  });

  it('forgets a failed request so it is asked again', () => {
    const cache = new RowCache<string>(100);
    cache.request([7]);
    cache.abandon([7]);
    expect(cache.needs(7)).toBe(true);
  });

  it('keeps rows sent as current with a delta over an answer to an older request', () => {
    const cache = new RowCache<string>(100);
    const token = cache.request([20, 21]);
    cache.invalidateFrom(20);
    cache.storeCurrent([[20, 'row 20 now']]);
    expect(cache.needs(20)).toBe(false);
    cache.store(
      token,
      [20, 21],
      [
        [20, 'row 20 then'],
        [21, 'row 21 then'],
      ],
    );
    expect(cache.get(20)).toBe('row 20 now');
    expect(cache.needs(20)).toBe(false);
    expect(cache.get(21)).toBe('row 21 then');
    expect(cache.needs(21)).toBe(true);
    cache.invalidateFrom(20);
    expect(cache.needs(20)).toBe(true);
  });

  it('holds at most its capacity, dropping the least recently stored', () => {
    const cache = new RowCache<string>(3);
    for (const n of [1, 2, 3, 4]) cache.store(cache.request([n]), [n], rowsOf([n]));
    expect(cache.size).toBe(3);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(4)).toBe('row 4');
  });
});

describe('wantedBlock', () => {
  it('widens a visible range to whole blocks inside the window', () => {
    expect(wantedBlock(105, 130, 100, 0, 1000)).toHaveLength(100);
    expect(wantedBlock(105, 130, 100, 0, 1000)[0]).toBe(100);
    expect(wantedBlock(195, 205, 100, 150, 250)).toEqual(Array.from({ length: 100 }, (_, i) => 150 + i));
  });
});
