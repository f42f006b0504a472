import { levelBeforeColon, levelFromUpperWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { scanIsoStamp } from './stamps/iso-stamp';

const SEPARATOR = ' - ';

/**
 * Python logging: `%(asctime)s - %(name)s - %(levelname)s - %(message)s` as most projects configure it, and
 * the basicConfig default `%(levelname)s:%(name)s:%(message)s`, which has no timestamp.
 */
export const pythonLoggingFormat: LogFormat = {
  name: 'python-logging',
  description: "Python logging: 'asctime - name - LEVEL - message' or the default 'LEVEL:name:message'",
  specificity: 65,
  samples: [
    {
      line: '2024-03-01 12:00:00,123 - app.db - WARNING - slow query',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'warn',
    },
    {
      line: '2024-03-01 12:00:00,123 - root - CRITICAL - giving up',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'fatal',
    },
    { line: 'ERROR:root:connection refused', ts: null, level: 'error' },
    { line: 'INFO:urllib3.connectionpool:Starting new HTTPS connection', ts: null, level: 'info' },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const end = scanIsoStamp(line, 0, ctx);
    if (end < 0) {
      const level = isDefaultLayout(line) ? levelBeforeColon(line) : null;
      if (level === null) return Match.NoMatch;
      out.ts = null;
      out.level = level;
      return Match.Complete;
    }
    out.ts = ctx.ts;
    out.level = null;
    if (!line.startsWith(SEPARATOR, end)) return Match.Stamped;
    const nameEnd = line.indexOf(SEPARATOR, end + SEPARATOR.length);
    if (nameEnd < 0) return Match.Stamped;
    const levelStart = nameEnd + SEPARATOR.length;
    const levelEnd = line.indexOf(SEPARATOR, levelStart);
    if (levelEnd < 0 || levelEnd - levelStart > 8) return Match.Stamped;
    out.level = levelFromUpperWord(line.slice(levelStart, levelEnd));
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};

/**
 * basicConfig's `LEVEL:name:message`: a logger name right after the level's colon, then another colon.
 * `WARNING: disk almost full` is prose of some other log, not Python's.
 */
function isDefaultLayout(line: string): boolean {
  const colon = line.indexOf(':');
  const next = line.charCodeAt(colon + 1);
  return colon > 0 && next !== 32 && next !== 9 && line.indexOf(':', colon + 2) > colon + 1;
}
