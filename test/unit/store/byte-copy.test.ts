import { describe, expect, it } from 'vitest';
import { copyAsciiBytes, copyBytes, copyWithShared, viewOf } from '../../../src/engine/store/byte-copy';

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

  it('copies 7-bit bytes eight at a time bit for bit, the words nearest a NaN, zeros and denormals included', () => {
    // Every word of the form [x, …, x, hi6, hi7]: the top two bytes decide whether a float64 is a NaN
    // (0x7F and 0xF0 or more, out of 7-bit reach), an infinity's neighbour, zero or a denormal.
    const edges = [0x00, 0x01, 0x0f, 0x10, 0x20, 0x41, 0x6f, 0x70, 0x7e, 0x7f];
    const words: number[] = [];
    for (const fill of edges)
      for (const hi6 of edges)
        for (const hi7 of edges) words.push(fill, fill, fill, fill, fill, fill, hi6, hi7);
    let seed = 7;
    for (let i = 0; i < 64 * 1024; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      words.push(seed % 128);
    }
    const from = Buffer.from(words);
    // The first rounds run before the function is optimised, the later ones after.
    for (let round = 0; round < 5000; round++) {
      const start = ((round * 8) % (edges.length ** 3 * 8)) + (round % 3 === 0 ? 0 : round % 11);
      const length = round % 300;
      const at = (round * 104_729) % 500;
      const expected = Buffer.alloc(900, 0xaa);
      from.copy(expected, at, start, start + length);
      const actual = Buffer.alloc(900, 0xaa);
      copyAsciiBytes(viewOf(from), start, start + length, viewOf(actual), at);
      expect(actual.equals(expected), `start ${start}, length ${length}, at ${at}`).toBe(true);
    }
  });

  it('copies to and from shared memory at every alignment of either side as set does, and nothing around it', () => {
    const pattern = Buffer.alloc(70_000);
    for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 131 + 7) & 0xff;
    const shared = new Uint8Array(new SharedArrayBuffer(70_100));
    const plain = new Uint8Array(70_100);
    for (const length of [0, 5, 255, 256, 4099, 66_000])
      for (let sourceAlign = 0; sourceAlign < 8; sourceAlign++)
        for (let targetAlign = 0; targetAlign < 8; targetAlign += 3)
          for (const [from, to] of [
            [plain, shared],
            [shared, plain],
          ]) {
            from.fill(0);
            from.set(pattern.subarray(0, length), sourceAlign);
            to.fill(0xaa);
            // The target is a view starting past its buffer's start, as a slot is.
            const view = to.subarray(2);
            copyWithShared(from.subarray(sourceAlign, sourceAlign + length), view, targetAlign);
            const what = `length ${length}, source at ${sourceAlign}, target at ${targetAlign}`;
            expect(
              Buffer.from(to.subarray(2 + targetAlign, 2 + targetAlign + length)).equals(
                pattern.subarray(0, length),
              ),
              what,
            ).toBe(true);
            expect(to[1 + targetAlign], what).toBe(0xaa);
            expect(to[2 + targetAlign + length], what).toBe(0xaa);
          }
  });
});
