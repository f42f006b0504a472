import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much less a background thread weighs for the scheduler: at +10 it gets about a tenth of a contended core. */
export const BACKGROUND_NICENESS_STEP = 10;
const LOWEST_PRIORITY = 19;

/** The kernel's id of the calling thread, where threads have one of their own in /proc (Linux); else null. */
export function currentThreadId(): number | null {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread's scheduling priority by `step` nice levels. Linux keeps a nice value per
 * thread, so a thread doing background work (indexing) gives the core to the ingest thread whenever both
 * want it, and still takes any core left idle. Returns whether it was lowered: elsewhere the nice value
 * belongs to the whole process, which is left alone.
 */
export function lowerThreadPriority(step = BACKGROUND_NICENESS_STEP): boolean {
  const tid = currentThreadId();
  if (tid === null) return false;
  try {
    setPriority(tid, Math.min(LOWEST_PRIORITY, getPriority(tid) + step));
    return true;
  } catch {
    return false;
  }
}
