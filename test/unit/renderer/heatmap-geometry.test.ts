import { describe, expect, it } from 'vitest';
import type { HeatmapCells } from '../../../src/shared/api';
import {
  cellAt,
  cellCentre,
  cellsEnd,
  hottestCell,
  sortHosts,
} from '../../../src/renderer/components/heatmap/heatmap-geometry';
import { intervalPart } from '../../../src/renderer/components/heatmap/drill-down';

function cells(errors: number[][], hosts = errors.map((_, i) => `web-${i + 1}`)): HeatmapCells {
  const from = 1_700_000_000_000;
  const buckets = errors[0]?.length ?? 0;
  return {
    from,
    bucketMs: 10_000,
    hosts,
    times: Array.from({ length: buckets }, (_, i) => from + i * 10_000),
    errors,
    warnings: errors.map((row) => row.map(() => 0)),
    lines: errors.map((row) => row.map((v) => v * 10)),
  };
}

const rect = { x: 100, y: 10, width: 300, height: 60 };

describe('heatmap geometry', () => {
  it('finds the cell under a point and its interval', () => {
    const c = cells([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(cellAt(c, rect, 99, 20)).toBeNull();
    expect(cellAt(c, rect, 400, 20)).toBeNull();
    const cell = cellAt(c, rect, 250, 65)!;
    expect(cell).toMatchObject({ host: 'web-3', hostIndex: 2, bucket: 1, errors: 7, lines: 70 });
    expect(cell.from).toBe(c.from + 10_000);
    expect(cell.to).toBe(c.from + 20_000);
  });

  it('puts a cell centre back on the same cell', () => {
    const c = cells([
      [0, 1, 2, 3],
      [3, 4, 5, 6],
    ]);
    for (let h = 0; h < 2; h++)
      for (let b = 0; b < 4; b++) {
        const { x, y } = cellCentre(c, rect, h, b);
        expect(cellAt(c, rect, x, y)).toMatchObject({ hostIndex: h, bucket: b });
      }
  });

  it('names the hottest cell, or none without errors', () => {
    expect(hottestCell(cells([[0, 0]]))).toBeNull();
    expect(
      hottestCell(
        cells([
          [1, 9, 0],
          [2, 3, 9],
        ]),
      ),
    ).toMatchObject({ host: 'web-1', bucket: 1, errors: 9 });
  });

  it('orders hosts for reading, rows following their host', () => {
    const sorted = sortHosts(cells([[10], [2], [1]], ['web-10', 'web-2', 'api-1']));
    expect(sorted.hosts).toEqual(['api-1', 'web-2', 'web-10']);
    expect(sorted.errors).toEqual([[1], [2], [10]]);
    expect(sorted.lines).toEqual([[10], [20], [100]]);
    expect(cellsEnd(sorted)).toBe(sorted.from + 10_000);
  });
});

describe('intervalPart', () => {
  it('keeps the rows of a bucket, its end excluded', () => {
    expect(intervalPart(Date.UTC(2026, 0, 1, 12, 0, 10), Date.UTC(2026, 0, 1, 12, 0, 20))).toBe(
      'since:2026-01-01T12:00:10.000Z until:2026-01-01T12:00:19.999Z',
    );
  });
});
