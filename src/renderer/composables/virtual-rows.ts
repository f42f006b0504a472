/**
 * Fixed-height virtual rows: which rows to draw for a scroll position, and where. The scrolled element
 * is never taller than `maxScrollPx` (browsers stop laying out elements of tens of millions of pixels):
 * past that, the scroll position maps proportionally onto the rows, so two million rows still scroll
 * from the first to the last. Pure arithmetic, O(1) whatever the row count.
 */
export interface VirtualGeometry {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  maxScrollPx?: number;
}

export interface VirtualWindow {
  /** Height of the scrolled content, px. */
  scrollHeight: number;
  /** First and last row index drawn (inclusive); last < first when there is nothing to draw. */
  first: number;
  last: number;
  /** Top of row `first` relative to the viewport's top, px (zero or negative). */
  firstTop: number;
}

/**
 * Just under the tallest element every engine lays out (Firefox: ~17.9M px; Chromium: ~33.5M px), so a
 * window of up to ~727k rows scrolls one pixel per pixel and a 1M-row window moves 1.4 rows' height
 * per pixel: a wheel step brings as few new rows as it can.
 */
export const MAX_SCROLL_PX = 16_000_000;

export function scrollHeightOf(g: VirtualGeometry): number {
  return Math.min(g.count * g.rowHeight, g.maxScrollPx ?? MAX_SCROLL_PX);
}

/** Content offset (px into the full rows) shown at the top of the viewport for a scroll position. */
function contentTopOf(g: VirtualGeometry, scrollTop: number): number {
  const content = g.count * g.rowHeight;
  const maxScroll = scrollHeightOf(g) - g.viewportHeight;
  const maxContent = content - g.viewportHeight;
  if (maxScroll <= 0 || maxContent <= 0) return 0;
  const clamped = Math.min(Math.max(scrollTop, 0), maxScroll);
  return maxScroll === maxContent ? clamped : (clamped / maxScroll) * maxContent;
}

export function virtualWindow(g: VirtualGeometry, scrollTop: number, overscan = 8): VirtualWindow {
  const scrollHeight = scrollHeightOf(g);
  if (g.count === 0) return { scrollHeight, first: 0, last: -1, firstTop: 0 };
  const top = contentTopOf(g, scrollTop);
  const topRow = Math.floor(top / g.rowHeight);
  const first = Math.max(0, topRow - overscan);
  const last = Math.min(g.count - 1, topRow + Math.ceil(g.viewportHeight / g.rowHeight) + overscan);
  return { scrollHeight, first, last, firstTop: first * g.rowHeight - top };
}

/** The scroll position that shows row `index` at the top, bottom or centre of the viewport. */
export function scrollTopFor(g: VirtualGeometry, index: number, align: 'start' | 'end' | 'center'): number {
  const content = g.count * g.rowHeight;
  const maxScroll = scrollHeightOf(g) - g.viewportHeight;
  const maxContent = content - g.viewportHeight;
  if (maxScroll <= 0 || maxContent <= 0) return 0;
  let top = index * g.rowHeight;
  if (align === 'end') top = top + g.rowHeight - g.viewportHeight;
  else if (align === 'center') top = top + g.rowHeight / 2 - g.viewportHeight / 2;
  top = Math.min(Math.max(top, 0), maxContent);
  return maxScroll === maxContent ? top : (top / maxContent) * maxScroll;
}

/** Whether row `index` is entirely inside the viewport at this scroll position. */
export function isRowVisible(g: VirtualGeometry, scrollTop: number, index: number): boolean {
  const top = index * g.rowHeight - contentTopOf(g, scrollTop);
  return top >= 0 && top + g.rowHeight <= g.viewportHeight;
}
