import type { ParseContext } from '../../parser/parse-context';
import { cursor, fixedDigits, isWeekdayAt, monthAt, readDigits } from '../../parser/scan';
import { readTimeOfDay } from './time-of-day';

const SPACE = 32;

/**
 * BSD syslog's `Mmm dd HH:MM:SS` (`Jun 14 15:16:01`, `Jul  1 09:00:55.123`), optionally with a year before
 * the time (`Mar  1 2024 12:00:00`). Without one the year is inferred. Returns the end (`ctx.ts` set) or -1.
 */
export function scanBsdStamp(line: string, pos: number, ctx: ParseContext): number {
  const month = monthAt(line, pos);
  if (month === 0 || line.charCodeAt(pos + 3) !== SPACE) return -1;
  let i = pos + 4;
  if (line.charCodeAt(i) === SPACE) i++;
  const day = readDigits(line, i, 1, 2);
  if (day < 1 || line.charCodeAt(cursor.end) !== SPACE) return -1;
  i = cursor.end + 1;
  let year = -1;
  if (line.charCodeAt(i + 4) === SPACE) {
    year = fixedDigits(line, i, 4);
    if (year >= 0) i += 5;
  }
  const end = readTimeOfDay(line, i, ctx);
  if (end < 0) return -1;
  const ts = year >= 0 ? ctx.localDate(year, month, day) : ctx.yearlessDate(month, day);
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}

/** C `ctime` style with the year last, as in Apache's error log: `Sun Dec 04 04:47:44[.123456] 2005`. */
export function scanCtimeStamp(line: string, pos: number, ctx: ParseContext): number {
  if (!isWeekdayAt(line, pos) || line.charCodeAt(pos + 3) !== SPACE) return -1;
  const month = monthAt(line, pos + 4);
  if (month === 0 || line.charCodeAt(pos + 7) !== SPACE) return -1;
  let i = pos + 8;
  if (line.charCodeAt(i) === SPACE) i++;
  const day = readDigits(line, i, 1, 2);
  if (day < 1 || line.charCodeAt(cursor.end) !== SPACE) return -1;
  const end = readTimeOfDay(line, cursor.end + 1, ctx);
  if (end < 0 || line.charCodeAt(end) !== SPACE) return -1;
  const year = fixedDigits(line, end + 1, 4);
  if (year < 0) return -1;
  const ts = ctx.localDate(year, month, day);
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end + 5;
}
