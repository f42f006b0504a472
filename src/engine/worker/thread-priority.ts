import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The weakest claim on a core: at nice 19 a thread weighs 15 against a default thread's 1024, so it runs
 * on what the ingest threads (the engine's and the parse worker's) leave idle.
 */
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
 * Gives the calling thread the lowest scheduling priority. Linux keeps a nice value per thread, so a
 * thread doing background work (indexing) gives the core to the ingest threads whenever they want it,
 * and still takes any core left idle. Elsewhere the nice value belongs to the whole process, which is
 * left alone; a refusal leaves the thread as it was.
 */
export function lowerThreadPriority(): void {
  const tid = currentThreadId();
  if (tid === null) return;
  try {
    setPriority(tid, LOWEST_PRIORITY);
  } catch {
    // Scheduling is a preference: the thread works the same at its old priority.
  }
}
