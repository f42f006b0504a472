import type { ParseContext } from '../../parser/parse-context';
import { readTimeOfDay } from './time-of-day';

/**
 * A time of day with seconds and no date, `12:00:00` or `12:00:00.123`, ended by a blank, `]` or the line's
 * end. The date is the receive clock's (see `ParseContext.datelessTime`). Returns the end (`ctx.ts` set) or -1.
 */
export function scanTimeOnlyStamp(line: string, pos: number, ctx: ParseContext): number {
  const end = readTimeOfDay(line, pos, ctx);
  if (end < 0) return -1;
  const secondsColon = line.indexOf(':', line.indexOf(':', pos) + 1);
  if (secondsColon < 0 || secondsColon >= end) return -1;
  const next = line.charCodeAt(end);
  if (end < line.length && next !== 32 && next !== 9 && next !== 93) return -1;
  const ts = ctx.datelessTime();
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}
