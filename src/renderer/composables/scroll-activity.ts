/** Time and timers, injected so the scheduling can be tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A redraw waits until scrolling has paused this long… */
export const QUIET_MS = 200;
/** …but never longer than this, so a long scroll still sees the charts move. */
export const MAX_DEFER_MS = 2000;
/** Redraws of two charts are this far apart at least, so two charts updated together do not share a frame. */
export const REDRAW_GAP_MS = 16;

/**
 * When the operator last scrolled through the stream (following the newest lines does not count), and
 * when a redraw that yields to it last ran.
 */
export class ScrollActivity {
  private last = -Infinity;
  private lastRedraw = -Infinity;
  private lastRedrawBy: object | null = null;

  constructor(readonly clock: Clock = browserClock) {}

  note(): void {
    this.last = this.clock.now();
  }

  /** How long until scrolling has been quiet for `quietMs`; zero or less when it already has. */
  quietIn(quietMs: number): number {
    return this.last + quietMs - this.clock.now();
  }

  /** How long until `by`'s redraw may run (another one ran just now); zero or less when it may run now. */
  redrawIn(by: object): number {
    if (this.lastRedrawBy === by) return 0;
    return this.lastRedraw + REDRAW_GAP_MS - this.clock.now();
  }

  redrew(by: object): void {
    this.lastRedraw = this.clock.now();
    this.lastRedrawBy = by;
  }
}

export const streamScrolling = new ScrollActivity();

export interface YieldingTask {
  /** Runs now when the operator is not scrolling, else once scrolling pauses; requests meanwhile fold. */
  request(): void;
  cancel(): void;
}

/**
 * A redraw that gives way to scrolling and to other such redraws. Live charts redraw a few times a
 * second and a redraw takes 10–40 ms; run in the middle of a scroll, it costs the stream one or two
 * frames each time, and two charts updated by the same answer would otherwise draw in the same frame.
 */
export function yieldToScrolling(
  run: () => void,
  activity: ScrollActivity = streamScrolling,
  quietMs = QUIET_MS,
  maxDeferMs = MAX_DEFER_MS,
): YieldingTask {
  const clock = activity.clock;
  const self = {};
  let timer: unknown = null;
  let waitingSince: number | null = null;

  function attempt(): void {
    timer = null;
    const now = clock.now();
    waitingSince ??= now;
    const waited = now - waitingSince;
    const quiet = activity.quietIn(quietMs);
    if (quiet > 0 && waited < maxDeferMs) {
      timer = clock.setTimeout(attempt, Math.min(quiet, maxDeferMs - waited));
      return;
    }
    const gap = activity.redrawIn(self);
    if (gap > 0) {
      timer = clock.setTimeout(attempt, gap);
      return;
    }
    waitingSince = null;
    run();
    // Counted from the end: the next chart's redraw then starts in a later frame.
    activity.redrew(self);
  }

  return {
    request() {
      if (timer === null) attempt();
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      waitingSince = null;
    },
  };
}
