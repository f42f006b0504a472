import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much less a background thread weighs for the scheduler: at +10 it gets about a tenth of a contended core. */
const BACKGROUND_NICENESS_STEP = 10;
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
 * Lowers the calling thread's scheduling priority by ten nice levels. Linux keeps a nice value per
 * thread, so a thread doing background work (indexing) gives the core to the ingest thread whenever both
 * want it, and still takes any core left idle. Elsewhere the nice value belongs to the whole process,
 * which is left alone; a refusal leaves the thread as it was.
 */
export function lowerThreadPriority(): void {
  const tid = currentThreadId();
  if (tid === null) return;
  try {
    setPriority(tid, Math.min(LOWEST_PRIORITY, getPriority(tid) + BACKGROUND_NICENESS_STEP));
  } catch {
    // Scheduling is a preference: the thread works the same at its old priority.
  }
}
