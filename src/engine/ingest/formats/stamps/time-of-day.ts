import type { ParseContext } from '../../parser/parse-context';
import { cursor, readDigits, readFractionMs } from '../../parser/scan';

const COLON = 58;
const DOT = 46;
const COMMA = 44;

/**
 * Reads `H:MM[:SS][.fff|,fff|:mmm]` at `pos` into `ctx.hour`…`ctx.ms`; returns the end, or -1.
 * Hours, minutes and seconds may be unpadded (`1:2:35`); `separator` is `.` for DB2-style `15.42.50.675872`.
 */
export function readTimeOfDay(line: string, pos: number, ctx: ParseContext, separator = COLON): number {
  const hour = readDigits(line, pos, 1, 2);
  if (hour < 0 || hour > 24 || line.charCodeAt(cursor.end) !== separator) return -1;
  const minute = readDigits(line, cursor.end + 1, 1, 2);
  if (minute < 0 || minute > 59) return -1;
  let end = cursor.end;
  let second = 0;
  let ms = 0;
  if (line.charCodeAt(end) === separator) {
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
  return end;
}
