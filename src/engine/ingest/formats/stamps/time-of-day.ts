import type { ParseContext } from '../../parser/parse-context';
import { cursor, readDigits, readFractionMs } from '../../parser/scan';

const COLON = 58;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;

/**
 * Reads `H:MM[:SS][.fff|,fff|:mmm]` at `pos` into `ctx.hour`…`ctx.ms`; returns the end, or -1.
 * Hours, minutes and seconds may be unpadded (`1:2:35`); `separator` is `.` for DB2-style `15.42.50.675872`.
 * A time with seconds may be a 12-hour one, `2:05:09 PM` (Windows' and .NET's US culture), read to 24 hours.
 */
export function readTimeOfDay(line: string, pos: number, ctx: ParseContext, separator = COLON): number {
  const hour = readDigits(line, pos, 1, 2);
  if (hour < 0 || hour > 24 || line.charCodeAt(cursor.end) !== separator) return -1;
  const minute = readDigits(line, cursor.end + 1, 1, 2);
  if (minute < 0 || minute > 59) return -1;
  let end = cursor.end;
  let second = 0;
  let ms = 0;
  const withSeconds = line.charCodeAt(end) === separator;
  if (withSeconds) {
    second = readDigits(line, end + 1, 1, 2);
    if (second < 0 || second > 60) return -1;
    end = cursor.end;
    const next = line.charCodeAt(end);
    if (next === DOT || next === COMMA) {
      const fraction = readFractionMs(line, end + 1);
      if (fraction >= 0) {
        ms = fraction;
        end = cursor.end;
      }
    } else if (next === COLON && separator === COLON) {
      // A third colon introduces whole milliseconds, sometimes unpadded (`22:15:29:606`, `1:2:35:9`).
      const whole = readDigits(line, end + 1, 1, 3);
      if (whole >= 0) {
        ms = whole;
        end = cursor.end;
      }
    }
  }
  ctx.hour = hour;
  ctx.minute = minute;
  ctx.second = second;
  ctx.ms = ms;
  // Kitchen time without seconds (`3:04PM`) is the time-only stamp's to read: it looks for it itself.
  return withSeconds && separator === COLON ? readMeridiem(line, end, ctx) : end;
}

/**
 * A 12-hour clock's `AM` or `PM` (either case, after at most one space) at `pos`, ended by a blank, the
 * line's end or punctuation that closes a stamp (`]`, `)`, `,`, `:`, `|`): `ctx.hour` made 24-hour and the
 * end returned; `pos` when there is none (so `AMQP …` or `pm.max_children …` stay text).
 */
export function readMeridiem(line: string, pos: number, ctx: ParseContext): number {
  const at = line.charCodeAt(pos) === SPACE ? pos + 1 : pos;
  const first = line.charCodeAt(at) | 0x20;
  if ((first !== 0x61 && first !== 0x70) || (line.charCodeAt(at + 1) | 0x20) !== 0x6d) return pos;
  if (at + 2 < line.length && !ENDS_MERIDIEM.has(line.charCodeAt(at + 2))) return pos;
  if (ctx.hour < 1 || ctx.hour > 12) return pos;
  ctx.hour = (ctx.hour % 12) + (first === 0x70 ? 12 : 0);
  return at + 2;
}

/** Blank, tab, `]`, `)`, `,`, `:`, `;`, `|`. */
const ENDS_MERIDIEM = new Set([SPACE, 9, 93, 41, COMMA, 58, 59, 124]);
