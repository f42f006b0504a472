import { levelBeforeColon } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { cursor, fixedDigits, monthAt, readDigits } from '../parser/scan';
import { readTimeOfDay } from './stamps/time-of-day';

const SPACE = 32;
const COMMA = 44;

/**
 * java.util.logging's SimpleFormatter default (Tomcat's catalina.out, many Java daemons): a stamp line
 * `Mar 01, 2024 1:05:09 PM org.example.Class method`, then the level and message on the next line,
 * `SEVERE: Servlet.service() threw exception`. The level line continues the event and gives it its level.
 */
export const javaUtilLoggingFormat: LogFormat = {
  name: 'java-util-logging',
  description:
    "java.util.logging SimpleFormatter: 'Mon DD, YYYY h:MM:SS AM|PM source', then 'LEVEL: message'",
  // Above Python's `LEVEL:name:message`, which explains the level lines as well as this explains the stamps.
  specificity: 76,
  samples: [
    {
      line: 'Mar 01, 2024 12:00:05 PM org.apache.catalina.core.StandardWrapperValve invoke',
      ts: '2024-03-01T12:00:05Z',
      level: null,
    },
    {
      line: 'Dec 31, 2023 12:30:00 AM org.example.Nightly run',
      ts: '2023-12-31T00:30:00Z',
      level: null,
    },
    { line: 'Jul 4, 2024 9:05:01 PM com.acme.Main main', ts: '2024-07-04T21:05:01Z', level: null },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const end = scanJulStamp(line, ctx);
    if (end < 0 || line.charCodeAt(end) !== SPACE) return Match.NoMatch;
    out.ts = ctx.ts;
    out.level = null;
    return Match.Complete;
  },
  continuationLevel: levelBeforeColon,
};

/** `Mon D[D], YYYY h:MM:SS AM|PM`; returns the end (`ctx.ts` set) or -1. */
function scanJulStamp(line: string, ctx: ParseContext): number {
  const month = monthAt(line, 0);
  if (month === 0 || line.charCodeAt(3) !== SPACE) return -1;
  const day = readDigits(line, 4, 1, 2);
  if (day < 1 || line.charCodeAt(cursor.end) !== COMMA || line.charCodeAt(cursor.end + 1) !== SPACE)
    return -1;
  const yearAt = cursor.end + 2;
  const year = fixedDigits(line, yearAt, 4);
  if (year < 0 || line.charCodeAt(yearAt + 4) !== SPACE) return -1;
  const end = readTimeOfDay(line, yearAt + 5, ctx);
  // The time reader took the AM or PM the format always writes (and made the hour 24-hour).
  if (end < 0 || (line.charCodeAt(end - 1) | 0x20) !== 0x6d) return -1;
  const ts = ctx.localDate(year, month, day);
  if (ts !== ts) return -1;
  ctx.ts = ts;
  return end;
}
