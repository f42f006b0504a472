import type { ParseContext } from '../../parser/parse-context';
import { cursor, fixedDigits, isDigit, isUpperLetter } from '../../parser/scan';
import { readTimeOfDay } from './time-of-day';
import { namedZoneAt } from './zone-name';

const PLUS = 43;
const MINUS = 45;
const SPACE = 32;

/**
 * ISO-8601 / RFC 3339 and its everyday relatives at `pos`: `2024-03-01T12:00:00Z`,
 * `2024-03-01 12:00:00,123`, `2024/03/01 12:00:00.5+01:00`, `2024-03-01T12:00:00.123456-0500`,
 * DB2-style `2005-06-03-15.42.50.675872`. Zone-less stamps are in the source's timezone.
 * Returns the end of the stamp (`ctx.ts` set) or -1.
 */
export function scanIsoStamp(line: string, pos: number, ctx: ParseContext): number {
  const year = fixedDigits(line, pos, 4);
  if (year < 0) return -1;
  const dateSeparator = line.charCodeAt(pos + 4);
  if (dateSeparator !== MINUS && dateSeparator !== 47 && dateSeparator !== 46) return -1;
  const month = fixedDigits(line, pos + 5, 2);
  if (month < 0 || line.charCodeAt(pos + 7) !== dateSeparator) return -1;
  const day = fixedDigits(line, pos + 8, 2);
  if (day < 0) return -1;
  const between = line.charCodeAt(pos + 10);
  let end: number;
  if (between === 84 || between === SPACE || between === 95) {
    end = readTimeOfDay(line, pos + 11, ctx);
  } else if (between === MINUS) {
    end = readTimeOfDay(line, pos + 11, ctx, 46);
  } else {
    return -1;
  }
  if (end < 0) return -1;
  const ts = readZone(line, end, ctx, year, month, day);
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return cursor.end;
}

/** Epoch ms for the date and the time of day in `ctx`, with the zone suffix at `pos` if any (end in `cursor.end`). */
function readZone(
  line: string,
  pos: number,
  ctx: ParseContext,
  year: number,
  month: number,
  day: number,
): number {
  const code = line.charCodeAt(pos);
  if (code === 90 || code === 122) {
    cursor.end = pos + 1;
    return ctx.offsetDate(year, month, day, 0);
  }
  let sign = pos;
  // After a space, `+0200` and `+02:00` are offsets too; `12:00:00 - INFO` and `12:00:00 -5 s` are not.
  if (code === SPACE && isSignedOffset(line, pos + 1) && spacedOffsetFollows(line, pos + 2)) sign = pos + 1;
  if (code === SPACE && isUpperLetter(line.charCodeAt(pos + 1))) {
    const minutes = namedZoneAt(line, pos + 1);
    if (minutes !== undefined) return ctx.offsetDate(year, month, day, minutes);
  }
  const signCode = line.charCodeAt(sign);
  if (isSignedOffset(line, sign)) {
    const hours = fixedDigits(line, sign + 1, 2);
    let minutes = 0;
    let end = sign + 3;
    if (line.charCodeAt(end) === 58 && isDigit(line.charCodeAt(end + 1))) end++;
    const m = fixedDigits(line, end, 2);
    if (m >= 0) {
      minutes = m;
      end += 2;
    } else if (end !== sign + 3) {
      end--;
    }
    if (hours <= 18 && minutes < 60 && !isDigit(line.charCodeAt(end))) {
      cursor.end = end;
      const offset = hours * 60 + minutes;
      return ctx.offsetDate(year, month, day, signCode === MINUS ? -offset : offset);
    }
  }
  cursor.end = pos;
  return ctx.localDate(year, month, day);
}

/** `HHMM` or `HH:MM` at `pos`. */
function spacedOffsetFollows(line: string, pos: number): boolean {
  return (
    fixedDigits(line, pos, 4) >= 0 ||
    (fixedDigits(line, pos, 2) >= 0 && line.charCodeAt(pos + 2) === 58 && fixedDigits(line, pos + 3, 2) >= 0)
  );
}

function isSignedOffset(line: string, pos: number): boolean {
  const code = line.charCodeAt(pos);
  return (
    (code === PLUS || code === MINUS) &&
    isDigit(line.charCodeAt(pos + 1)) &&
    isDigit(line.charCodeAt(pos + 2))
  );
}
