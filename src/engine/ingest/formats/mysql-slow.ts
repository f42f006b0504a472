import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { scanCompactStamp } from './stamps/compact-stamp';
import { scanIsoStamp } from './stamps/iso-stamp';

const TIME_HEADER = '# Time: ';

/**
 * MySQL's and MariaDB's slow query log: each entry opens with `# Time:` and its stamp (ISO 8601 since
 * MySQL 5.7, `YYMMDD HH:MM:SS` before and in MariaDB, whose hours below 10 are padded with a space),
 * followed by the `# User@Host:` and `# Query_time:` lines and the statement, which are read as the
 * entry's continuation lines. The log writes no level.
 */
export const mysqlSlowFormat: LogFormat = {
  name: 'mysql-slow',
  description: "MySQL / MariaDB slow query log: '# Time: 2024-03-01T12:00:00.123456Z', then the entry",
  specificity: 70,
  samples: [
    { line: '# Time: 2024-03-01T12:00:00.123456Z', ts: '2024-03-01T12:00:00.123Z', level: null },
    { line: '# Time: 240301 12:00:05', ts: '2024-03-01T12:00:05Z', level: null },
    { line: '# Time: 240301  2:00:05', ts: '2024-03-01T02:00:05Z', level: null },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    if (!line.startsWith(TIME_HEADER)) return Match.NoMatch;
    let at = TIME_HEADER.length;
    while (line.charCodeAt(at) === 32) at++;
    if (scanIsoStamp(line, at, ctx) < 0 && scanCompactStamp(unpadded(line, at), 0, ctx) < 0)
      return Match.NoMatch;
    out.ts = ctx.ts;
    out.level = null;
    return Match.Complete;
  },
};

/** The stamp at `at` with the space that pads an hour below 10 taken out (`240301  2:00:05` → `240301 2:00:05`). */
function unpadded(line: string, at: number): string {
  return line.slice(at).replace(/^(\d{6}) {2}(?=\d:)/, '$1 ');
}
