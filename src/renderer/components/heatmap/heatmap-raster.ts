// Pure raster helpers for the error heatmap. A grid of 500 hosts × 360 buckets is 180,000 cells: drawn as
// one shape each it takes over a second to update, drawn as one image of the plot's pixels it takes a few
// milliseconds. Where there are more cells than pixels, a pixel shows the largest count it covers, so a
// single hot host is never averaged away.

/** The largest count among the cells each pixel covers, row-major, `width × height`. */
export function poolCells(grid: readonly (readonly number[])[], width: number, height: number): Float32Array {
  const rows = grid.length;
  const columns = rows > 0 ? grid[0].length : 0;
  const out = new Float32Array(Math.max(0, width * height));
  if (rows === 0 || columns === 0 || width <= 0 || height <= 0) return out;

  // Rows first: each pixel row takes the largest count of the hosts it covers, bucket by bucket.
  const pooledRows = new Float32Array(height * columns);
  for (let py = 0; py < height; py++) {
    const [first, last] = span(py, height, rows);
    const base = py * columns;
    for (let r = first; r < last; r++) {
      const cells = grid[r];
      for (let c = 0; c < columns; c++) if (cells[c] > pooledRows[base + c]) pooledRows[base + c] = cells[c];
    }
  }
  // Then columns: each pixel takes the largest count of the buckets it covers in its pixel row.
  const columnFirst = new Int32Array(width);
  const columnLast = new Int32Array(width);
  for (let px = 0; px < width; px++) [columnFirst[px], columnLast[px]] = span(px, width, columns);
  for (let py = 0; py < height; py++) {
    const base = py * columns;
    const outBase = py * width;
    for (let px = 0; px < width; px++) {
      let max = 0;
      for (let c = columnFirst[px]; c < columnLast[px]; c++)
        if (pooledRows[base + c] > max) max = pooledRows[base + c];
      out[outBase + px] = max;
    }
  }
  return out;
}

/** The cells [first, last) that pixel `p` of `pixels` covers when `cells` are spread over them. */
export function span(p: number, pixels: number, cells: number): [number, number] {
  const first = Math.min(cells - 1, Math.floor((p * cells) / pixels));
  const last = Math.max(first + 1, Math.min(cells, Math.floor(((p + 1) * cells) / pixels)));
  return [first, last];
}

export type Rgb = readonly [number, number, number];

/**
 * 256 colours (ImageData's little-endian RGBA packed in a Uint32) from transparent through the given stops;
 * entry 0 stays fully transparent so empty cells show the panel's background.
 */
export function colourTable(stops: readonly Rgb[]): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 1; i < 256; i++) {
    const t = ((i - 1) / 254) * (stops.length - 1);
    const k = Math.max(0, Math.min(stops.length - 2, Math.floor(t)));
    const f = stops.length === 1 ? 0 : t - k;
    const a = stops[k];
    const b = stops[Math.min(stops.length - 1, k + 1)];
    const channel = (j: number) => Math.round(a[j] + (b[j] - a[j]) * f);
    table[i] = ((255 << 24) | (channel(2) << 16) | (channel(1) << 8) | channel(0)) >>> 0;
  }
  return table;
}

/**
 * Table entry of a count: 0 for none, otherwise 1–255 on a logarithmic scale up to `max`, so one error
 * already shows while a flood does not wash out the rest.
 */
export function shadeOf(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  const t = Math.log1p(Math.min(count, max)) / Math.log1p(max);
  return 1 + Math.round(t * 254);
}

/** Pixels (ImageData's Uint32 view) of pooled counts through a colour table. */
export function paintPixels(pooled: Float32Array, max: number, table: Uint32Array): Uint32Array {
  const pixels = new Uint32Array(pooled.length);
  for (let i = 0; i < pooled.length; i++) pixels[i] = table[shadeOf(pooled[i], max)];
  return pixels;
}

/** Largest value of a grid (0 when empty). */
export function gridMax(grid: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of grid) for (const v of row) if (v > max) max = v;
  return max;
}

/** A CSS colour as `#rgb`, `#rrggbb` or `rgb(r, g, b)` to its channels; null when it is none of those. */
export function parseColour(css: string): Rgb | null {
  const text = css.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(text);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

/** `a` mixed towards `b` by `f` (0–1). */
export function mix(a: Rgb, b: Rgb, f: number): Rgb {
  return [0, 1, 2].map((j) => Math.round(a[j] + (b[j] - a[j]) * f)) as unknown as Rgb;
}
