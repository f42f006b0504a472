import { ref } from 'vue';
import type { PlotRect } from '../heatmap/heatmap-geometry';

/** Moves shorter than this are clicks, longer ones select a time range. */
const DRAG_PX = 4;

export interface TimeBrushHandlers {
  /** The plot area of the chart element, in its pixels. */
  plot(): PlotRect | null;
  /** A range was dragged across the plot: from x0 to x1 (x0 < x1), in the element's pixels. */
  onSelect(x0: number, x1: number): void;
  onClick?(x: number, y: number): void;
  onHover?(x: number, y: number): void;
  onLeave?(): void;
}

/**
 * Drag across a chart to select a time range, click for a point: pointer handling shared by the heatmap
 * and the rate charts. `selection` is the band being dragged, for the overlay.
 */
export function useTimeBrush(handlers: TimeBrushHandlers) {
  const selection = ref<{ left: number; width: number; top: number; height: number } | null>(null);
  let start: { x: number; y: number; id: number } | null = null;

  function local(event: PointerEvent): { x: number; y: number } {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  function clampX(x: number, plot: PlotRect): number {
    return Math.min(plot.x + plot.width, Math.max(plot.x, x));
  }

  function onPointerdown(event: PointerEvent): void {
    const plot = handlers.plot();
    if (event.button !== 0 || !plot) return;
    const p = local(event);
    if (p.x < plot.x || p.x > plot.x + plot.width || p.y < plot.y || p.y > plot.y + plot.height) return;
    start = { ...p, id: event.pointerId };
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  }

  function onPointermove(event: PointerEvent): void {
    const p = local(event);
    const plot = handlers.plot();
    if (start && plot && Math.abs(p.x - start.x) >= DRAG_PX) {
      const a = clampX(start.x, plot);
      const b = clampX(p.x, plot);
      selection.value = { left: Math.min(a, b), width: Math.abs(b - a), top: plot.y, height: plot.height };
    } else if (!start) {
      handlers.onHover?.(p.x, p.y);
    }
  }

  function onPointerup(event: PointerEvent): void {
    if (!start || event.pointerId !== start.id) return;
    const p = local(event);
    const plot = handlers.plot();
    const from = start;
    start = null;
    selection.value = null;
    if (!plot) return;
    if (Math.abs(p.x - from.x) >= DRAG_PX) {
      const a = clampX(from.x, plot);
      const b = clampX(p.x, plot);
      if (Math.abs(b - a) >= DRAG_PX) handlers.onSelect(Math.min(a, b), Math.max(a, b));
    } else {
      handlers.onClick?.(from.x, from.y);
    }
  }

  function onPointerleave(): void {
    if (!start) handlers.onLeave?.();
  }

  function onPointercancel(): void {
    start = null;
    selection.value = null;
  }

  return { selection, onPointerdown, onPointermove, onPointerup, onPointerleave, onPointercancel };
}
