import { describe, expect, it } from 'vitest';
import { copyBytes, viewOf } from '../../../src/engine/store/byte-copy';

describe('copyBytes', () => {
  it('copies any range of any length to any offset, as Buffer.copy does, and nothing around it', () => {
    const source = Buffer.alloc(2048);
    for (let i = 0; i < source.length; i++) source[i] = (i * 131 + 7) & 0xff;
    // Views into the middle of larger buffers: offsets are relative to the view, not its buffer.
    const from = source.subarray(3, 2045);
    for (let round = 0; round < 2000; round++) {
      const start = (round * 7919) % 700;
      const length = round % 600;
      const at = (round * 104729) % 500;
      const expected = Buffer.alloc(1200, 0xaa);
      from.copy(expected.subarray(5), at, start, start + length);
      const actual = Buffer.alloc(1200, 0xaa);
      const to = actual.subarray(5);
      copyBytes(viewOf(from), start, start + length, viewOf(to), at);
      expect(actual.equals(expected), `start ${start}, length ${length}, at ${at}`).toBe(true);
    }
  });
});
