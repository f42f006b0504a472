import { levelFromUpperWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { fixedDigits, isUpperLetter } from '../parser/scan';
import { readTimeOfDay } from './stamps/time-of-day';

const SPACE = 32;
const OPEN = 91;
const CLOSE = 93;
const DASH = 45;
const BAR = 124;

/**
 * Go's log15 terminal format, kept by go-ethereum's logger (geth, Erigon, Prysm's clients and their
 * forks): `LEVEL[MM-DD|HH:MM:SS.mmm] message key=value …`, the level padded to five characters, year-less.
 */
export const log15TerminalFormat: LogFormat = {
  name: 'log15',
  description: "Go log15 / go-ethereum terminal format: 'INFO [03-01|12:00:00.123] message key=value'",
  specificity: 80,
  samples: [
    {
      line: 'INFO [03-01|12:00:00.123] Imported new chain segment               number=19,341,234 txs=152',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'info',
    },
    {
      line: 'ERROR[03-01|12:00:01.456] Failed to decode block',
      ts: '2024-03-01T12:00:01.456Z',
      level: 'error',
    },
    {
      line: 'WARN [03-01|12:00:02] Served eth_call reqid=1 err="execution reverted"',
      ts: '2024-03-01T12:00:02Z',
      level: 'warn',
    },
    { line: 'CRIT [12-31|23:59:59.999] Database corrupted', ts: '2024-12-31T23:59:59.999Z', level: 'fatal' },
    // log15's own four-letter names.
    {
      line: 'EROR[03-01|12:00:03] connection lost peer=enode://1',
      ts: '2024-03-01T12:00:03Z',
      level: 'error',
    },
    { line: 'DBUG[03-01|12:00:04] dial attempt', ts: '2024-03-01T12:00:04Z', level: 'debug' },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    let i = 0;
    while (i < 6 && isUpperLetter(line.charCodeAt(i))) i++;
    if (i < 4 || i > 5) return Match.NoMatch;
    const level = levelFromUpperWord(line.slice(0, i));
    if (level === null) return Match.NoMatch;
    if (line.charCodeAt(i) === SPACE) i++;
    if (line.charCodeAt(i) !== OPEN || line.charCodeAt(i + 3) !== DASH || line.charCodeAt(i + 6) !== BAR)
      return Match.NoMatch;
    const month = fixedDigits(line, i + 1, 2);
    const day = fixedDigits(line, i + 4, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) return Match.NoMatch;
    const end = readTimeOfDay(line, i + 7, ctx);
    if (end < 0 || line.charCodeAt(end) !== CLOSE) return Match.NoMatch;
    const ts = ctx.yearlessDate(month, day);
    if (ts !== ts) return Match.NoMatch;
    out.ts = ts;
    out.level = level;
    return Match.Complete;
  },
};
