import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttledTask } from '../../../src/renderer/components/charts/throttled-task';

describe('throttledTask', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then folds a burst of requests into one run per interval', async () => {
    let runs = 0;
    const task = throttledTask(
      async () => void runs++,
      1000,
      () => Date.now(),
    );
    task.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    for (let i = 0; i < 20; i++) {
      task.request();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    task.cancel();
  });

  it('never runs twice at once; a request during a run runs again afterwards', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const task = throttledTask(
      async () => {
        active++;
        most = Math.max(most, active);
        runs++;
        await new Promise((r) => setTimeout(r, 1500));
        active--;
      },
      1000,
      () => Date.now(),
    );
    task.request();
    await vi.advanceTimersByTimeAsync(1200);
    task.request();
    task.runNow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(2);
    expect(most).toBe(1);
    task.cancel();
  });

  it('stops when cancelled', async () => {
    let runs = 0;
    const task = throttledTask(
      async () => void runs++,
      1000,
      () => Date.now(),
    );
    task.request();
    await vi.advanceTimersByTimeAsync(0);
    task.request();
    task.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });
});
