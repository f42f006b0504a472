import { describe, expect, it } from 'vitest';
import { skimDetector } from '../../../src/renderer/composables/skim-detector';

/** Animation frames run by hand: `frame()` runs the callbacks requested before it. */
function frames() {
  let queue: (() => void)[] = [];
  let requested = 0;
  return {
    request: (run: () => void) => {
      queue.push(run);
      return ++requested;
    },
    cancel: () => {
      queue = [];
    },
    frame: () => {
      const due = queue;
      queue = [];
      for (const run of due) run();
    },
    get pending() {
      return queue.length;
    },
  };
}

describe('skimDetector', () => {
  it('does not skim while the view scrolls a few rows per frame', () => {
    const f = frames();
    const skim = skimDetector(() => 80, f.request, f.cancel);
    for (let first = 0; first < 600; first += 3) {
      skim.moved(first);
      f.frame();
      expect(skim.skimming.value).toBe(false);
    }
    expect(f.pending).toBe(0);
  });

  it('skims while the view lands far away every frame, and stops at the first frame without a move', () => {
    const f = frames();
    const skim = skimDetector(() => 80, f.request, f.cancel);
    skim.moved(0);
    for (const first of [500_000, 12_000, 930_000, 4_000, 4_050]) {
      skim.moved(first);
      f.frame();
      expect(skim.skimming.value).toBe(true);
    }
    // A small move while skimming keeps it going (the drag slowed down but goes on).
    skim.moved(4_052);
    f.frame();
    expect(skim.skimming.value).toBe(true);
    f.frame();
    expect(skim.skimming.value).toBe(false);
    expect(f.pending).toBe(0);
    skim.moved(4_055);
    expect(skim.skimming.value).toBe(false);
  });

  it('stops skimming at once when the view is placed (following, a new filter)', () => {
    const f = frames();
    const skim = skimDetector(() => 80, f.request, f.cancel);
    skim.moved(0);
    skim.moved(100_000);
    expect(skim.skimming.value).toBe(true);
    skim.reset(2_000_000);
    expect(skim.skimming.value).toBe(false);
    expect(f.pending).toBe(0);
    skim.moved(2_000_010);
    expect(skim.skimming.value).toBe(false);
    skim.dispose();
  });
});
