import type { ParseContext } from '../../parser/parse-context';
import { readTimeOfDay } from './time-of-day';

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
    end = readMeridiem(line, end, ctx);
    if (end < 0) return -1;
  }
  const next = line.charCodeAt(end);
  if (end < line.length && next !== 32 && next !== 9 && next !== 93) return -1;
  const ts = ctx.datelessTime();
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}

/** `AM` or `PM` right after a 12-hour `h:MM` read into `ctx`: the hour made 24-hour; the end, or -1. */
function readMeridiem(line: string, pos: number, ctx: ParseContext): number {
  const first = line.charCodeAt(pos);
  if ((first !== 65 && first !== 80) || line.charCodeAt(pos + 1) !== 77) return -1;
  if (ctx.hour < 1 || ctx.hour > 12) return -1;
  ctx.hour = (ctx.hour % 12) + (first === 80 ? 12 : 0);
  return pos + 2;
}
