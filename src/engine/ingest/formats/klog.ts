import { levelFromLetter } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { fixedDigits } from '../parser/scan';
import { readTimeOfDay } from './stamps/time-of-day';

/**
 * klog / glog header: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`, L one of I W E F, year-less; with
 * the year's last two digits before the month in CockroachDB's (`I240301 12:00:00.123456 1 file.go:42 ⋮ …`).
 */
export const klogFormat: LogFormat = {
  name: 'klog',
  description: "Kubernetes klog / Google glog: 'I0102 15:04:05.123456   1234 file.go:42] message'",
  specificity: 80,
  samples: [
    {
      line: 'I0102 15:04:05.123456    1234 main.go:42] Starting controller',
      ts: '2024-01-02T15:04:05.123Z',
      level: 'info',
    },
    {
      line: 'E1231 23:59:59.999999   77 reflector.go:138] watch failed',
      ts: '2024-12-31T23:59:59.999Z',
      level: 'error',
    },
    { line: 'W0301 12:00:00.000001 1 leader.go:9] lease lost', ts: '2024-03-01T12:00:00Z', level: 'warn' },
    { line: 'F0301 12:00:00.5 1 main.go:1] cannot start', ts: '2024-03-01T12:00:00.500Z', level: 'fatal' },
    {
      line: 'W230615 08:30:00.250000 123 server/server.go:1234 ⋮ [n1] running in insecure mode',
      ts: '2023-06-15T08:30:00.250Z',
      level: 'warn',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const letter = line.charCodeAt(0);
    if (letter !== 73 && letter !== 87 && letter !== 69 && letter !== 70) return Match.NoMatch;
    const withYear = line.charCodeAt(5) !== 32;
    const at = withYear ? 3 : 1;
    const month = fixedDigits(line, at, 2);
    const day = fixedDigits(line, at + 2, 2);
    const year = withYear ? fixedDigits(line, 1, 2) : 0;
    if (month < 0 || day < 0 || year < 0 || line.charCodeAt(at + 4) !== 32) return Match.NoMatch;
    if (readTimeOfDay(line, at + 5, ctx) < 0) return Match.NoMatch;
    const ts = withYear ? ctx.localDate(2000 + year, month, day) : ctx.yearlessDate(month, day);
    if (ts !== ts) return Match.NoMatch;
    out.ts = ts;
    out.level = levelFromLetter(letter);
    return Match.Complete;
  },
};
