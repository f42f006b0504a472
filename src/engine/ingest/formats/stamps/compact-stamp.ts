import type { ParseContext } from '../../parser/parse-context';
import { cursor, fixedDigits, isDigit, monthAt, readDigits, readFractionMs } from '../../parser/scan';
import { readTimeOfDay } from './time-of-day';
import { ianaZoneAt, namedZoneAt } from './zone-name';

const SPACE = 32;
const SLASH = 47;
const DOT = 46;
const MINUS = 45;
const COLON = 58;

/**
 * Date-time forms other than ISO that applications print, all in the source's timezone:
 * `20171223-22:15:29:606`, `20240301T120000`, `20240301120000`, `081109 203615` (YYMMDD HHMMSS), `20240301:120000`,
 * `17/06/09 20:10:40` (YY/MM/DD, or M/D/YY: `3/1/24 12:00:00`), `03/01/2024 12:00:00` (MM/DD/YYYY, or DD/MM once a first field over 12 showed the source writes that),
 * `01.03.2024 12:00:00` (DD.MM.YYYY), `01-Mar-2024 12:00:00` (day, month name, year) and year-less
 * `10.30 16:49:06` / `03-01 12:00:00` (MM.DD, MM-DD); Snort's and Suricata's `03/01-12:00:00.123456` and
 * `03/01/2024-12:00:00.123456`.
 * Returns the end (`ctx.ts` set) or -1.
 */
export function scanCompactStamp(line: string, pos: number, ctx: ParseContext): number {
  let i = pos;
  while (isDigit(line.charCodeAt(i)) && i - pos <= 14) i++;
  const digits = i - pos;
  let ts: number;
  let end: number;
  if (digits === 14) {
    end = readPackedTime(line, pos + 8, ctx);
    ts = ctx.localDate(
      fixedDigits(line, pos, 4),
      fixedDigits(line, pos + 4, 2),
      fixedDigits(line, pos + 6, 2),
    );
  } else if (digits === 8 || digits === 6) {
    const year = digits === 8 ? fixedDigits(line, pos, 4) : 2000 + fixedDigits(line, pos, 2);
    const sep = line.charCodeAt(i);
    // A colon only before a packed time (Zabbix's `20240301:120000.123`): `123456: text` is a number.
    const packed = isPackedTime(line, i + 1);
    if (sep !== MINUS && sep !== 84 && sep !== SPACE && sep !== 95 && !(sep === COLON && packed)) return -1;
    end = packed ? readPackedTime(line, i + 1, ctx) : readTimeOfDay(line, i + 1, ctx);
    ts = ctx.localDate(year, fixedDigits(line, i - 4, 2), fixedDigits(line, i - 2, 2));
  } else if ((digits === 1 || digits === 2) && monthAt(line, i + 1) > 0) {
    return scanDayMonthNameStamp(line, pos, i, ctx);
  } else if (digits === 1 || digits === 2) {
    const first = readDigits(line, pos, 1, 2);
    const sep = line.charCodeAt(i);
    if (sep !== SLASH && sep !== DOT && sep !== MINUS) return -1;
    const second = readDigits(line, i + 1, 1, 2);
    if (second < 0) return -1;
    i = cursor.end;
    const between = line.charCodeAt(i);
    // Snort's alert files join a year-less date to the time with a dash: `03/01-12:00:00.123456`.
    if (between === SPACE || (between === MINUS && sep === SLASH)) {
      end = readTimeOfDay(line, i + 1, ctx);
      ts = ctx.yearlessDate(first, second);
    } else if (between === sep) {
      const third = readDigits(line, i + 1, 2, 4);
      if (third < 0 || cursor.end - i - 1 === 3) return -1;
      const fourDigitYear = cursor.end - i - 1 === 4;
      i = cursor.end;
      const joint = line.charCodeAt(i);
      // Suricata's fast.log: `03/01/2024-12:00:00.123456`.
      if (joint !== SPACE && joint !== 58 && joint !== 84 && !(joint === MINUS && sep === SLASH)) return -1;
      end = readTimeOfDay(line, i + 1, ctx);
      if (!fourDigitYear) ts = sep === SLASH ? shortYearSlashDate(ctx, first, second, third) : NaN;
      else if (sep === SLASH && first <= 12 && !(ctx.dayFirstSlashDates && second <= 12))
        ts = ctx.localDate(third, first, second);
      else {
        if (sep === SLASH && first > 12) ctx.dayFirstSlashDates = true;
        ts = ctx.localDate(third, second, first);
      }
    } else {
      return -1;
    }
  } else {
    return -1;
  }
  if (end < 0 || ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}

/**
 * A slashed date with a two-digit year: YY/MM/DD (Spark, Hadoop) or M/D/YY (WebSphere, Windows' DHCP log;
 * D/M/YY once the source showed day-first dates). Where both orders give a date, the one whose year is
 * nearer the year logs are read around.
 */
export function shortYearSlashDate(ctx: ParseContext, first: number, second: number, third: number): number {
  const yearFirst = ctx.localDate(2000 + first, second, third);
  const dayFirst = first > 12 || (ctx.dayFirstSlashDates && second <= 12);
  const yearLast = dayFirst
    ? ctx.localDate(2000 + third, second, first)
    : ctx.localDate(2000 + third, first, second);
  if (yearLast !== yearLast) return yearFirst;
  const reference = ctx.years.referenceYear;
  if (yearFirst === yearFirst && Math.abs(2000 + first - reference) <= Math.abs(2000 + third - reference))
    return yearFirst;
  if (first > 12) ctx.dayFirstSlashDates = true;
  return yearLast;
}

/**
 * `01-Mar-2024 12:00:00.123` (Tomcat), `01 Mar 2024 12:00:00,123` (log4j's DATE) or `1/Mar/2024 12:00:00`:
 * day, month name and year joined by one separator, then the time. `dayEnd` is the end of the day's digits.
 */
function scanDayMonthNameStamp(line: string, pos: number, dayEnd: number, ctx: ParseContext): number {
  const sep = line.charCodeAt(dayEnd);
  if ((sep !== MINUS && sep !== SPACE && sep !== SLASH) || line.charCodeAt(dayEnd + 4) !== sep) return -1;
  const year = fixedDigits(line, dayEnd + 5, 4);
  const between = line.charCodeAt(dayEnd + 9);
  if (year < 0 || (between !== SPACE && between !== 58 && between !== 84)) return -1;
  let end = readTimeOfDay(line, dayEnd + 10, ctx);
  if (end < 0) return -1;
  const month = monthAt(line, dayEnd + 1);
  const day = readDigits(line, pos, 1, 2);
  let ts: number;
  // PHP's error log names its zone: `[01-Mar-2024 12:00:00 UTC]`, `[01-Mar-2024 12:00:00 Europe/Berlin]`.
  const offset = line.charCodeAt(end) === SPACE ? namedZoneAt(line, end + 1) : undefined;
  const zone = offset === undefined && line.charCodeAt(end) === SPACE ? ianaZoneAt(line, end + 1) : undefined;
  if (offset !== undefined) ts = ctx.offsetDate(year, month, day, offset);
  else if (zone !== undefined) ts = ctx.zonedDate(year, month, day, zone);
  else ts = ctx.localDate(year, month, day);
  if (offset !== undefined || zone !== undefined) end = cursor.end;
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}

/** `HHMMSS` not followed by more digits or a colon. */
function isPackedTime(line: string, pos: number): boolean {
  return (
    fixedDigits(line, pos, 6) >= 0 && !isDigit(line.charCodeAt(pos + 6)) && line.charCodeAt(pos + 6) !== 58
  );
}

/** Reads `HHMMSS[.fff]` into the time-of-day fields of `ctx`; returns the end, or -1. */
export function readPackedTime(line: string, pos: number, ctx: ParseContext): number {
  const hour = fixedDigits(line, pos, 2);
  const minute = fixedDigits(line, pos + 2, 2);
  const second = fixedDigits(line, pos + 4, 2);
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) return -1;
  ctx.hour = hour;
  ctx.minute = minute;
  ctx.second = second;
  ctx.ms = 0;
  let end = pos + 6;
  const next = line.charCodeAt(end);
  if (next === DOT || next === 44) {
    const ms = readFractionMs(line, end + 1);
    if (ms >= 0) {
      ctx.ms = ms;
      end = cursor.end;
    }
  }
  return end;
}
