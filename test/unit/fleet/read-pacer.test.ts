import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReadPacer } from '../../../src/engine/fleet/read-pacer';

/** A clock that moves only when work says it took time: the budget is counted exactly, whatever the load. */
let clockMs = 0;
const clock = () => clockMs;

/** Work that takes `ms` of the thread, as parsing a large chunk does. */
function busy(ms: number): () => void {
  return () => {
    clockMs += ms;
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('read pacer', () => {
  it('pauses every transport once a turn has spent its budget, and resumes them when the turn ends', async () => {
    const pacer = new ReadPacer(5, clock);
    const [a, b, c] = [new PassThrough(), new PassThrough(), new PassThrough()];
    for (const t of [a, b, c]) t.resume();
    try {
      pacer.process(a, busy(1));
      pacer.process(b, busy(1));
      expect([a.isPaused(), b.isPaused()]).toEqual([false, false]);
      pacer.process(a, busy(5));
      expect([a.isPaused(), b.isPaused()]).toEqual([true, true]);
      // A transport first seen while the others wait waits too.
      pacer.process(c, busy(0));
      expect(c.isPaused()).toBe(true);
      await nextTurn();
      expect([a.isPaused(), b.isPaused(), c.isPaused()]).toEqual([false, false, false]);
      // A new turn starts with the whole budget.
      pacer.process(b, busy(2));
      expect(b.isPaused()).toBe(false);
    } finally {
      pacer.dispose();
    }
  });

  it('forgets closed transports and still counts work that throws', async () => {
    const pacer = new ReadPacer(1, clock);
    const gone = new PassThrough();
    const kept = new PassThrough();
    kept.resume();
    try {
      pacer.process(gone, busy(0));
      gone.destroy();
      await new Promise((resolve) => gone.once('close', resolve));
      expect(() =>
        pacer.process(kept, () => {
          busy(2)();
          throw new Error('bad frame');
        }),
      ).toThrow('bad frame');
      expect(kept.isPaused()).toBe(true);
      await nextTurn();
      expect(kept.isPaused()).toBe(false);
    } finally {
      pacer.dispose();
    }
  });

  it('holds every transport while the work it hands on is backlogged, until woken with the backlog gone', async () => {
    let backlogged = false;
    const pacer = new ReadPacer(5, clock, () => backlogged);
    const [a, b] = [new PassThrough(), new PassThrough()];
    for (const t of [a, b]) t.resume();
    try {
      pacer.process(a, busy(1));
      pacer.process(b, busy(0));
      expect([a.isPaused(), b.isPaused()]).toEqual([false, false]);
      backlogged = true;
      pacer.process(a, busy(0));
      expect([a.isPaused(), b.isPaused()]).toEqual([true, true]);
      // A new turn does not resume reading while the backlog stays.
      await nextTurn();
      expect(a.isPaused()).toBe(true);
      pacer.wake();
      expect(a.isPaused()).toBe(true);
      backlogged = false;
      pacer.wake();
      expect([a.isPaused(), b.isPaused()]).toEqual([false, false]);
    } finally {
      pacer.dispose();
    }
  });
});
