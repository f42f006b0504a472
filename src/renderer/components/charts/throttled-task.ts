export interface ThrottledTask {
  /** Asks for a run: now if the last one started long enough ago, else once at the end of the interval. */
  request(): void;
  /** Runs now (after any run in flight), whatever the interval. */
  runNow(): void;
  cancel(): void;
}

/**
 * Runs an async job at most once per interval and never two at once; requests made meanwhile fold into
 * one more run. Live charts ask on every stream delta (up to 20 a second) and fetch at most once a second.
 */
export function throttledTask(
  job: () => Promise<void>,
  intervalMs: number,
  now = () => Date.now(),
): ThrottledTask {
  let running = false;
  let wanted = false;
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let urgent = false;
  let cancelled = false;

  async function start(): Promise<void> {
    if (cancelled) return;
    if (running) {
      urgent = true;
      return;
    }
    running = true;
    wanted = false;
    urgent = false;
    lastStart = now();
    try {
      await job();
    } catch {
      // The job reports its own failures; the next request tries again.
    } finally {
      running = false;
      if (urgent) void start();
      else if (wanted) request();
    }
  }

  function request(): void {
    if (cancelled) return;
    if (running) {
      wanted = true;
      return;
    }
    if (timer) return;
    const wait = lastStart + intervalMs - now();
    if (wait <= 0) void start();
    else
      timer = setTimeout(() => {
        timer = null;
        void start();
      }, wait);
  }

  function runNow(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    void start();
  }

  function cancel(): void {
    cancelled = true;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return { request, runNow, cancel };
}
