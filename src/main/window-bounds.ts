// Where the main window reopens: its last size and place, kept only if it still fits on a display (a
// monitor may have been unplugged since).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the system centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** How much of the window's top edge must be on a display to be reachable with the mouse. */
const GRIP = { width: 120, height: 40 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The stored state, or the defaults for anything missing or malformed. */
export function parseWindowState(raw: string | null, limits: WindowLimits): WindowState {
  let data: Record<string, unknown> = {};
  try {
    const parsed = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed;
  } catch {
    // A damaged file only costs the remembered size.
  }
  const placed = finite(data.x) && finite(data.y);
  return {
    ...(placed ? { x: Math.round(data.x as number), y: Math.round(data.y as number) } : {}),
    width: finite(data.width) ? Math.round(data.width) : limits.width,
    height: finite(data.height) ? Math.round(data.height) : limits.height,
    maximized: data.maximized === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The state made to fit today's displays: no smaller than the minimum, no larger than the biggest work
 * area, and placed where it was only if its top edge can still be grabbed on some display.
 */
export function fitToDisplays(
  state: WindowState,
  workAreas: readonly Rect[],
  limits: WindowLimits,
): WindowState {
  const maxWidth = Math.max(limits.minWidth, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(limits.minHeight, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(state.width, limits.minWidth), maxWidth);
  const height = Math.min(Math.max(state.height, limits.minHeight), maxHeight);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const titleBar: Rect = { x: state.x, y: state.y, width, height: GRIP.height };
  const reachable = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(GRIP.width, width) && o.height >= GRIP.height && state.y! >= area.y;
  });
  return reachable ? { ...fitted, x: state.x, y: state.y } : fitted;
}
