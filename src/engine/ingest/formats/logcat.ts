import { levelFromLetter } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { cursor, fixedDigits, readDigits, skipBlanks } from '../parser/scan';
import { readTimeOfDay } from './stamps/time-of-day';

/** Android logcat `-v threadtime` (`MM-DD HH:MM:SS.mmm pid tid L tag: msg`) and `-v time` (`… L/tag(pid): msg`). */
export const logcatFormat: LogFormat = {
  name: 'logcat',
  description:
    "Android logcat: 'MM-DD HH:MM:SS.mmm  pid  tid L tag: message' (threadtime) or 'L/tag(pid)' (time)",
  specificity: 80,
  samples: [
    {
      line: '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs',
      ts: '2024-03-17T16:13:38.811Z',
      level: 'debug',
    },
    {
      line: '03-17 16:13:38.839  1702  2395 E ActivityManager: ANR in com.example',
      ts: '2024-03-17T16:13:38.839Z',
      level: 'error',
    },
    {
      line: '03-17 16:13:38.900 V/Choreographer( 2227): Skipped 31 frames',
      ts: '2024-03-17T16:13:38.900Z',
      level: 'trace',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const month = fixedDigits(line, 0, 2);
    const day = fixedDigits(line, 3, 2);
    if (month < 0 || day < 0 || line.charCodeAt(2) !== 45 || line.charCodeAt(5) !== 32) return Match.NoMatch;
    const end = readTimeOfDay(line, 6, ctx);
    if (end < 0) return Match.NoMatch;
    const ts = ctx.yearlessDate(month, day);
    if (ts !== ts) return Match.NoMatch;
    out.ts = ts;
    out.level = null;
    let i = skipBlanks(line, end);
    if (line.charCodeAt(i + 1) === 47) {
      out.level = levelFromLetter(line.charCodeAt(i));
    } else if (readDigits(line, i, 1, 7) >= 0 && readDigits(line, skipBlanks(line, cursor.end), 1, 7) >= 0) {
      i = skipBlanks(line, cursor.end);
      if (line.charCodeAt(i + 1) === 32) out.level = levelFromLetter(line.charCodeAt(i));
    }
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};
