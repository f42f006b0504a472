import type { Level } from '../../../shared/types';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { cursor, fixedDigits, monthAt, readDigits } from '../parser/scan';
import { readTimeOfDay } from './stamps/time-of-day';

const SPACE = 32;

/** The mark after Redis's stamp: `.` debug, `-` verbose, `*` notice, `#` warning. */
const MARKS: Record<string, Level> = { '.': 'debug', '-': 'debug', '*': 'info', '#': 'warn' };

/**
 * Redis server log: `pid:role DD Mon YYYY HH:MM:SS.mmm * message` (role X, C, S or M), and before Redis 3
 * `[pid] DD Mon HH:MM:SS.mmm * message` without the year.
 */
export const redisFormat: LogFormat = {
  name: 'redis',
  description: "Redis server log: '1:M 01 Mar 2024 12:00:00.123 * Ready to accept connections'",
  specificity: 80,
  samples: [
    {
      line: '1:M 01 Mar 2024 12:00:00.123 * Ready to accept connections tcp',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'info',
    },
    {
      line: '4521:C 14 Feb 2024 08:09:10.001 # Warning: no config file specified',
      ts: '2024-02-14T08:09:10.001Z',
      level: 'warn',
    },
    {
      line: '[3200] 02 Jan 10:11:12.500 . Client closed connection',
      ts: '2024-01-02T10:11:12.500Z',
      level: 'debug',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    let pos = prefixEnd(line);
    if (pos < 0) return Match.NoMatch;
    const day = readDigits(line, pos, 2, 2);
    if (day < 1 || line.charCodeAt(pos + 2) !== SPACE) return Match.NoMatch;
    const month = monthAt(line, pos + 3);
    if (month === 0 || line.charCodeAt(pos + 6) !== SPACE) return Match.NoMatch;
    pos += 7;
    const year = line.charCodeAt(pos + 4) === SPACE ? fixedDigits(line, pos, 4) : -1;
    if (year >= 0) pos += 5;
    const end = readTimeOfDay(line, pos, ctx);
    if (end < 0 || line.charCodeAt(end) !== SPACE || line.charCodeAt(end + 2) !== SPACE) return Match.NoMatch;
    const level = MARKS[line[end + 1]];
    if (level === undefined) return Match.NoMatch;
    const ts = year >= 0 ? ctx.localDate(year, month, day) : ctx.yearlessDate(month, day);
    if (ts !== ts) return Match.NoMatch;
    out.ts = ts;
    out.level = level;
    return Match.Complete;
  },
};

/** After `pid:R ` or `[pid] `: the stamp's position, or -1. */
function prefixEnd(line: string): number {
  if (line.charCodeAt(0) === 91) {
    if (readDigits(line, 1, 1, 10) < 0 || line.charCodeAt(cursor.end) !== 93) return -1;
    return line.charCodeAt(cursor.end + 1) === SPACE ? cursor.end + 2 : -1;
  }
  if (readDigits(line, 0, 1, 10) < 0 || line.charCodeAt(cursor.end) !== 58) return -1;
  const role = line.charCodeAt(cursor.end + 1);
  if (role !== 88 && role !== 67 && role !== 83 && role !== 77) return -1;
  return line.charCodeAt(cursor.end + 2) === SPACE ? cursor.end + 3 : -1;
}
