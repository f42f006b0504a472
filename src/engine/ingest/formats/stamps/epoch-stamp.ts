import type { ParseContext } from '../../parser/parse-context';
import { isDigit } from '../../parser/scan';

// Plausible epochs only (2000-01-01 … 2100-01-01), so that ids and counters are not read as times.
const MIN_SECONDS = 946_684_800;
const MAX_SECONDS = 4_102_444_800;

/**
 * Unix time at `pos`: 10 digits of seconds (optionally `.fraction`), 13 of milliseconds, 16 of microseconds
 * or 19 of nanoseconds. Returns the end (`ctx.ts` set) or -1.
 */
export function scanEpochStamp(line: string, pos: number, ctx: ParseContext): number {
  let i = pos;
  let value = 0;
  // Digits past the milliseconds are dropped as read: 19 digits of nanoseconds exceed a double's exact integers.
  let millis = 0;
  while (isDigit(line.charCodeAt(i))) {
    value = value * 10 + line.charCodeAt(i) - 48;
    if (i - pos < 13) millis = value;
    i++;
  }
  const digits = i - pos;
  let ms: number;
  if (digits === 10) {
    ms = value * 1000;
    if (line.charCodeAt(i) === 46 && isDigit(line.charCodeAt(i + 1))) {
      let scale = 100;
      for (i++; isDigit(line.charCodeAt(i)); i++) {
        ms += (line.charCodeAt(i) - 48) * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
  } else if (digits === 13) {
    ms = value;
  } else if (digits === 16 || digits === 19) {
    ms = millis;
  } else {
    return -1;
  }
  // Digits run on into letters or a dash in ids (`1709294400abc`, `1709294400-7`), not in stamps.
  const code = line.charCodeAt(i);
  const letter = (code | 32) >= 97 && (code | 32) <= 122;
  if (ms < MIN_SECONDS * 1000 || ms > MAX_SECONDS * 1000 || letter || code === 45 || code === 95) return -1;
  ctx.ts = ms;
  return i;
}
