import { afterEach, describe, expect, it } from 'vitest';
import { allocatedArenas, PrefaultedArenas } from '../../../src/engine/store/arena-source';
import { waitFor } from '../../harness/wait-for';

const MB = 1024 * 1024;

describe('PrefaultedArenas', () => {
  let arenas: PrefaultedArenas | null = null;
  afterEach(() => arenas?.dispose());

  it('has the next arena touched on another thread, and hands it over when its size fits', async () => {
    arenas = new PrefaultedArenas();
    const first = arenas.take(7 * MB);
    expect(first.length).toBe(7 * MB);
    const prepared = await waitFor(() => arenas!.preparedBytes, { what: 'the next arena prepared' });
    expect(prepared).toBeGreaterThan(7 * MB);
    expect(prepared).toBeLessThanOrEqual(7 * MB * 1.02);

    const second = arenas.take(7 * MB);
    expect(second.length).toBe(prepared);
    // It is the caller's now: what it writes stays, whatever the toucher thread did before.
    second.fill(0x5a);
    expect(second.every((byte) => byte === 0x5a)).toBe(true);
  });

  it('allocates when the prepared arena is too small or far too big, and prepares one of the new size', async () => {
    arenas = new PrefaultedArenas();
    arenas.take(4 * MB);
    await waitFor(() => arenas!.preparedBytes > 0, { what: 'an arena prepared' });
    const bigger = arenas.take(6 * MB);
    expect(bigger.length).toBe(6 * MB);
    await waitFor(() => arenas!.preparedBytes >= 6 * MB, { what: 'an arena of the new size' });
    const smaller = arenas.take(2 * MB);
    expect(smaller.length).toBe(2 * MB);
  });

  it('still gives arenas once disposed, allocated as needed', () => {
    arenas = new PrefaultedArenas();
    arenas.dispose();
    expect(arenas.take(MB).length).toBe(MB);
    expect(arenas.preparedBytes).toBe(0);
    expect(allocatedArenas.take(100).length).toBe(100);
  });
});
