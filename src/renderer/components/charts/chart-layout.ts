import type { PlotRect } from '../heatmap/heatmap-geometry';

/**
 * Left and right margins every time chart uses, so the heatmap's and the rate charts' plots start and end
 * at the same pixel and one time lines up vertically across them.
 */
export const PLOT_LEFT = 116;
export const PLOT_RIGHT = 18;

/** The plot area of a chart element of this size with these top and bottom margins. */
export function plotRect(width: number, height: number, top: number, bottom: number): PlotRect {
  return {
    x: PLOT_LEFT,
    y: top,
    width: Math.max(1, width - PLOT_LEFT - PLOT_RIGHT),
    height: Math.max(1, height - top - bottom),
  };
}
