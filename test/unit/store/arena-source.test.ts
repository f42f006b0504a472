import { afterEach, describe, expect, it } from 'vitest';
import { allocatedArenas, PrefaultedArenas } from '../../../src/engine/store/arena-source';
import { waitFor } from '../../harness/wait-for';

const MB = 1024 * 1024;

describe('PrefaultedArenas', () => {
  let arenas: PrefaultedArenas | null = null;
  afterEach(() => arenas?.dispose());

  it('keeps two buffers of the size last asked for touched on another thread, and hands them over', async () => {
    arenas = new PrefaultedArenas();
    const first = arenas.take(7 * MB);
    expect(first.length).toBe(7 * MB);
    await waitFor(() => arenas!.preparedBytes >= 14 * MB, { what: 'two arenas prepared' });
    expect(arenas.preparedBytes).toBeLessThanOrEqual(14 * MB * 1.02);

    const second = arenas.take(7 * MB);
    const third = arenas.take(7 * MB);
    for (const taken of [second, third]) {
      expect(taken.length).toBeGreaterThan(7 * MB);
      expect(taken.length).toBeLessThanOrEqual(7 * MB * 1.02);
    }
    expect(second.buffer).not.toBe(third.buffer);
    // It is the caller's now: what it writes stays, whatever the toucher thread did before.
    second.fill(0x5a);
    expect(second.every((byte) => byte === 0x5a)).toBe(true);
  });

  it('allocates when no prepared buffer fits, and prepares the new size in room made from the oldest', async () => {
    arenas = new PrefaultedArenas();
    arenas.take(4 * MB);
    await waitFor(() => arenas!.preparedBytes >= 8 * MB, { what: 'two buffers of 4 MB' });
    expect(arenas.take(6 * MB).length).toBe(6 * MB);
    await waitFor(() => arenas!.preparedBytes >= 20 * MB, { what: 'two buffers of 6 MB beside them' });
    // Four are kept at most: the 4 MB ones make room for the new size.
    expect(arenas.take(2 * MB).length).toBe(2 * MB);
    const sixAndTwo = 2 * 6 * MB * 1.01 + 2 * 2 * MB * 1.01;
    await waitFor(() => Math.abs(arenas!.preparedBytes - sixAndTwo) < 16, { what: 'buffers of 6 and 2 MB' });
    expect(arenas.take(6 * MB).length).toBeGreaterThan(6 * MB);
  });

  it('still gives arenas once disposed, allocated as needed', () => {
    arenas = new PrefaultedArenas();
    arenas.dispose();
    expect(arenas.take(MB).length).toBe(MB);
    expect(arenas.preparedBytes).toBe(0);
    expect(allocatedArenas.take(100).length).toBe(100);
  });
});
