import type { LogWindow } from '../store/log-window';
import type { SnapshotEvent, SnapshotWindow } from './snapshot-source';
import { streamPageEvents } from './stream-page-events';

/** Late rows are merged among at most this many of the newest rows, so they sit no further back. */
const LATE_ROWS = 8192;
/** Reading stops once a whole page starts this long after the window: only very late rows lie beyond. */
const STOP_AFTER_MS = 5 * 60_000;

/**
 * The rows of a live window between two times, in merged order, page by page: the read starts near the
 * first row of the window (found by bisection) rather than at the oldest row, and stops soon after it.
 */
export async function* windowEvents(
  logs: LogWindow,
  window: SnapshotWindow,
): AsyncGenerator<SnapshotEvent[]> {
  const { store } = logs;
  const fromRow = store.evicted + Math.max(0, firstIndexAtOrAfter(logs, window.from) - LATE_ROWS);
  const pages = streamPageEvents(async (p) => logs.page(p.from, p.count), fromRow);
  for await (const page of pages) {
    if (page.length > 0 && page[0].ts > window.to + STOP_AFTER_MS) return;
    const kept = page.filter((e) => e.ts >= window.from && e.ts <= window.to);
    if (kept.length > 0) yield kept;
  }
}

/** Index of the first row stamped at or after `ts`; rows are in time order but for late ones. */
export function firstIndexAtOrAfter(logs: LogWindow, ts: number): number {
  const { store } = logs;
  let lo = 0;
  let hi = store.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (store.row(mid).ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lines in the window by the rollups (markers excluded): the export's expected count, for progress. */
export function linesInWindow(logs: LogWindow, window: SnapshotWindow): number {
  const spanSec = Math.max(10, (window.to - window.from) / 1000);
  const bucketSec = Math.min(86_400, Math.ceil(spanSec / 1000 / 10) * 10 || 10);
  const cells = logs.heatmap({ from: window.from, to: window.to, bucketSec });
  return cells.lines.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}
