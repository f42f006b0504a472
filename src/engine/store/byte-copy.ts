/** Copies of this many bytes or fewer go word by word; longer ones through one native copy. */
const WORDWISE_MAX = 256;

/** A DataView over exactly the bytes of `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Copies bytes [start, end) of `from` to `to` at `at`. A message of a hundred bytes is copied several
 * times faster word by word through DataViews than by Buffer.copy, which makes a view and checks its
 * arguments on every call (in Node 20: ~180 vs ~70 ns per 60–200-byte row, in a benchmark of rows
 * interleaved from 100 streams).
 */
export function copyBytes(from: DataView, start: number, end: number, to: DataView, at: number): void {
  const n = end - start;
  if (n > WORDWISE_MAX) {
    new Uint8Array(to.buffer, to.byteOffset + at, n).set(
      new Uint8Array(from.buffer, from.byteOffset + start, n),
    );
    return;
  }
  let k = 0;
  for (; k + 8 <= n; k += 8) {
    to.setInt32(at + k, from.getInt32(start + k));
    to.setInt32(at + k + 4, from.getInt32(start + k + 4));
  }
  for (; k < n; k++) to.setUint8(at + k, from.getUint8(start + k));
}

/**
 * The same for bytes known to be 7-bit ASCII, eight at a time as float64 words (little-endian, as the
 * bytes lie): half the reads and writes of copyBytes, ~25 % less time per row. Exact: a word whose bytes
 * are all below 0x80 is never a NaN (that needs its two top bytes at 0x7F and 0xF0 or more), and any other
 * float64 travels through a read and a write bit for bit.
 */
export function copyAsciiBytes(from: DataView, start: number, end: number, to: DataView, at: number): void {
  const n = end - start;
  if (n > WORDWISE_MAX) {
    copyBytes(from, start, end, to, at);
    return;
  }
  let k = 0;
  for (; k + 8 <= n; k += 8) to.setFloat64(at + k, from.getFloat64(start + k, true), true);
  for (; k < n; k++) to.setUint8(at + k, from.getUint8(start + k));
}
