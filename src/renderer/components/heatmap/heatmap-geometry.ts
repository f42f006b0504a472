import type { HeatmapCells } from '../../../shared/api';

// Where things are on the heatmap's plot: pixels to (host, bucket) and back. Pure, for the chart and tests.

/** The plot area inside the chart element, in CSS pixels. */
export interface PlotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CellAddress {
  host: string;
  hostIndex: number;
  bucket: number;
  /** The bucket's interval [from, to), epoch ms. */
  from: number;
  to: number;
  errors: number;
  warnings: number;
  lines: number;
}

/** The cell under a point of the chart element, or null outside the plot. */
export function cellAt(cells: HeatmapCells, rect: PlotRect, x: number, y: number): CellAddress | null {
  const rows = cells.hosts.length;
  const columns = cells.times.length;
  if (rows === 0 || columns === 0) return null;
  const fx = (x - rect.x) / rect.width;
  const fy = (y - rect.y) / rect.height;
  if (fx < 0 || fx >= 1 || fy < 0 || fy >= 1) return null;
  return cellOf(cells, Math.floor(fy * rows), Math.floor(fx * columns));
}

export function cellOf(cells: HeatmapCells, hostIndex: number, bucket: number): CellAddress {
  const from = cells.times[bucket];
  return {
    host: cells.hosts[hostIndex],
    hostIndex,
    bucket,
    from,
    to: from + cells.bucketMs,
    errors: cells.errors[hostIndex]?.[bucket] ?? 0,
    warnings: cells.warnings[hostIndex]?.[bucket] ?? 0,
    lines: cells.lines[hostIndex]?.[bucket] ?? 0,
  };
}

/** The centre of a cell, in the chart element's pixels. */
export function cellCentre(
  cells: HeatmapCells,
  rect: PlotRect,
  hostIndex: number,
  bucket: number,
): { x: number; y: number } {
  return {
    x: rect.x + ((bucket + 0.5) / cells.times.length) * rect.width,
    y: rect.y + ((hostIndex + 0.5) / cells.hosts.length) * rect.height,
  };
}

/** The cell with the most errors (the first of equals), or null when there are none. */
export function hottestCell(cells: HeatmapCells): CellAddress | null {
  let best: CellAddress | null = null;
  for (let h = 0; h < cells.errors.length; h++) {
    const row = cells.errors[h];
    for (let b = 0; b < row.length; b++) if (row[b] > (best?.errors ?? 0)) best = cellOf(cells, h, b);
  }
  return best;
}

/** End of the time axis: the end of the last bucket. */
export function cellsEnd(cells: HeatmapCells): number {
  return cells.from + cells.times.length * cells.bucketMs;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Host names in reading order: web-2 before web-10. */
export function compareHosts(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The same cells with hosts in reading order (the engine lists them in order of first line). */
export function sortHosts(cells: HeatmapCells): HeatmapCells {
  const order = cells.hosts.map((_, i) => i).sort((a, b) => compareHosts(cells.hosts[a], cells.hosts[b]));
  if (order.every((v, i) => v === i)) return cells;
  return {
    ...cells,
    hosts: order.map((i) => cells.hosts[i]),
    errors: order.map((i) => cells.errors[i]),
    warnings: order.map((i) => cells.warnings[i]),
    lines: order.map((i) => cells.lines[i]),
  };
}
