import { describe, expect, it } from 'vitest';
import {
  colourTable,
  gridMax,
  mix,
  paintPixels,
  parseColour,
  poolCells,
  shadeOf,
  span,
} from '../../../src/renderer/components/heatmap/heatmap-raster';

describe('poolCells', () => {
  it('spreads fewer cells than pixels over whole pixel blocks', () => {
    const pooled = poolCells(
      [
        [1, 2],
        [3, 4],
      ],
      4,
      2,
    );
    expect([...pooled]).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('keeps the largest count when several hosts share a pixel row, so one hot host is never averaged away', () => {
    const grid = Array.from({ length: 500 }, () => new Array<number>(360).fill(0));
    grid[337][200] = 9;
    const pooled = poolCells(grid, 360, 100);
    const row = Math.floor((337 * 100) / 500);
    expect(pooled[row * 360 + 200]).toBe(9);
    expect(gridMax([Array.from(pooled)])).toBe(9);
    expect(pooled.reduce((n, v) => n + (v > 0 ? 1 : 0), 0)).toBe(1);
  });

  it('keeps the largest count when several buckets share a pixel column', () => {
    const pooled = poolCells([[0, 5, 0, 1, 7, 0]], 3, 1);
    expect([...pooled]).toEqual([5, 1, 7]);
  });

  it('is empty for an empty grid', () => {
    expect(poolCells([], 10, 10).every((v) => v === 0)).toBe(true);
    expect(poolCells([[1]], 0, 0).length).toBe(0);
  });
});

describe('span', () => {
  it('covers every cell exactly once when cells outnumber pixels', () => {
    const covered: number[] = [];
    for (let p = 0; p < 7; p++) {
      const [first, last] = span(p, 7, 500);
      for (let c = first; c < last; c++) covered.push(c);
    }
    expect(covered).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('gives every pixel one cell when pixels outnumber cells', () => {
    expect(Array.from({ length: 6 }, (_, p) => span(p, 6, 3))).toEqual([
      [0, 1],
      [0, 1],
      [1, 2],
      [1, 2],
      [2, 3],
      [2, 3],
    ]);
  });
});

describe('colours', () => {
  it('leaves zero transparent and shows a single error', () => {
    expect(shadeOf(0, 100)).toBe(0);
    expect(shadeOf(1, 100)).toBeGreaterThan(1);
    expect(shadeOf(100, 100)).toBe(255);
    expect(shadeOf(500, 100)).toBe(255);
  });

  it('builds a table from transparent through the stops, packed as ImageData RGBA', () => {
    const table = colourTable([
      [0, 0, 0],
      [255, 0, 0],
    ]);
    expect(table[0]).toBe(0);
    expect(table[1]).toBe(0xff000000);
    expect(table[255]).toBe(0xff0000ff);
  });

  it('paints pooled counts through the table', () => {
    const table = colourTable([[10, 20, 30]]);
    const pixels = paintPixels(new Float32Array([0, 3]), 3, table);
    expect(pixels[0]).toBe(0);
    expect(pixels[1]).toBe(((255 << 24) | (30 << 16) | (20 << 8) | 10) >>> 0);
  });

  it('reads the theme variables', () => {
    expect(parseColour('#ff6b6b')).toEqual([255, 107, 107]);
    expect(parseColour(' #abc ')).toEqual([170, 187, 204]);
    expect(parseColour('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColour('tomato')).toBeNull();
    expect(mix([0, 0, 0], [200, 100, 50], 0.5)).toEqual([100, 50, 25]);
  });
});
