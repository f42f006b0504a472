import { describe, expect, it } from 'vitest';
import { SharedSlotPool } from '../../../src/engine/ingest/shared-slots';

describe('a pool of shared slots', () => {
  it('is taken round the pool by one side and given back by the other through the memory they share', () => {
    const worker = new SharedSlotPool(100, 3);
    // The ingest thread's view of the same memory, as the worker's setup message makes it.
    const ingest = new SharedSlotPool(100, 3, {
      memory: worker.memory,
      taken: worker.taken.buffer as SharedArrayBuffer,
    });
    expect(worker.slotBytes).toBe(104);
    expect(worker.offsetOf(2)).toBe(208);
    expect([worker.take(), worker.take(), worker.take()]).toEqual([0, 1, 2]);
    expect(worker.take()).toBe(-1);
    ingest.give(1);
    expect(worker.take()).toBe(1);
    expect(worker.take()).toBe(-1);
    ingest.give(2);
    ingest.give(0);
    // Round the pool from the slot after the one taken last.
    expect(worker.take()).toBe(2);
    expect(worker.take()).toBe(0);
  });
});
