import type { ParseContext } from '../../parser/parse-context';
import { fixedDigits, monthAt } from '../../parser/scan';
import { readTimeOfDay } from './time-of-day';

const SLASH = 47;

/** Common Log Format's `10/Oct/2000:13:55:36 -0700` at `pos`. Returns the end (`ctx.ts` set) or -1. */
export function scanClfStamp(line: string, pos: number, ctx: ParseContext): number {
  const day = fixedDigits(line, pos, 2);
  if (day < 0 || line.charCodeAt(pos + 2) !== SLASH) return -1;
  const month = monthAt(line, pos + 3);
  if (month === 0 || line.charCodeAt(pos + 6) !== SLASH) return -1;
  const year = fixedDigits(line, pos + 7, 4);
  if (year < 0 || line.charCodeAt(pos + 11) !== 58) return -1;
  let end = readTimeOfDay(line, pos + 12, ctx);
  if (end < 0) return -1;
  let ts: number;
  const sign = line.charCodeAt(end + 1);
  const offset = fixedDigits(line, end + 2, 4);
  if (line.charCodeAt(end) === 32 && (sign === 43 || sign === 45) && offset >= 0) {
    const minutes = Math.floor(offset / 100) * 60 + (offset % 100);
    ts = ctx.offsetDate(year, month, day, sign === 45 ? -minutes : minutes);
    end += 6;
  } else {
    ts = ctx.localDate(year, month, day);
  }
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}
