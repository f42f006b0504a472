import type { ParseContext } from '../../parser/parse-context';
import { readMeridiem, readTimeOfDay } from './time-of-day';

/**
 * A time of day with seconds and no date, `12:00:00` or `12:00:00.123`, or Go's kitchen time `3:04PM`
 * (zerolog's console), ended by a blank, `]` or the line's end. The date is the receive clock's (see
 * `ParseContext.datelessTime`). Returns the end (`ctx.ts` set) or -1.
 */
export function scanTimeOnlyStamp(line: string, pos: number, ctx: ParseContext): number {
  let end = readTimeOfDay(line, pos, ctx);
  if (end < 0) return -1;
  const secondsColon = line.indexOf(':', line.indexOf(':', pos) + 1);
  if (secondsColon < 0 || secondsColon >= end) {
    const meridiemEnd = readMeridiem(line, end, ctx);
    if (meridiemEnd === end) return -1;
    end = meridiemEnd;
  }
  const next = line.charCodeAt(end);
  if (end < line.length && next !== 32 && next !== 9 && next !== 93) return -1;
  const ts = ctx.datelessTime();
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}
