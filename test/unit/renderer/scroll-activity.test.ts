import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_DEFER_MS,
  QUIET_MS,
  REDRAW_GAP_MS,
  ScrollActivity,
  yieldToScrolling,
  type Clock,
} from '../../../src/renderer/composables/scroll-activity';

const fakeClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('yieldToScrolling', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once when nobody scrolls', () => {
    let runs = 0;
    const task = yieldToScrolling(() => runs++, new ScrollActivity(fakeClock));
    task.request();
    task.request();
    expect(runs).toBe(2);
  });

  it('waits for scrolling to pause, folding the requests made meanwhile into one run', () => {
    let runs = 0;
    const activity = new ScrollActivity(fakeClock);
    const task = yieldToScrolling(() => runs++, activity);
    activity.note();
    task.request();
    vi.advanceTimersByTime(100);
    activity.note();
    task.request();
    task.request();
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(runs).toBe(1);
  });

  it('runs anyway once it has waited the longest deferral, however long the scroll goes on', () => {
    let runs = 0;
    const activity = new ScrollActivity(fakeClock);
    const task = yieldToScrolling(() => runs++, activity);
    activity.note();
    task.request();
    let scrolled = 0;
    while (runs === 0 && scrolled < 10 * MAX_DEFER_MS) {
      vi.advanceTimersByTime(16);
      scrolled += 16;
      activity.note();
    }
    expect(runs).toBe(1);
    expect(scrolled).toBeGreaterThanOrEqual(MAX_DEFER_MS - 16);
    expect(scrolled).toBeLessThanOrEqual(MAX_DEFER_MS + 16);
    // The next request waits again (the deferral restarts with it).
    task.request();
    vi.advanceTimersByTime(100);
    expect(runs).toBe(1);
    task.cancel();
    vi.advanceTimersByTime(10 * MAX_DEFER_MS);
    expect(runs).toBe(1);
  });

  it('keeps the redraws of two charts updated together a frame apart, and never delays a chart after itself', () => {
    const activity = new ScrollActivity(fakeClock);
    const ran: string[] = [];
    const heatmap = yieldToScrolling(() => ran.push('heatmap'), activity);
    const rates = yieldToScrolling(() => ran.push('rates'), activity);
    heatmap.request();
    rates.request();
    expect(ran).toEqual(['heatmap']);
    heatmap.request();
    expect(ran).toEqual(['heatmap', 'heatmap']);
    vi.advanceTimersByTime(REDRAW_GAP_MS - 1);
    expect(ran).toEqual(['heatmap', 'heatmap']);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['heatmap', 'heatmap', 'rates']);
  });
});
