import { findLevel } from '../parser/level-finder';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { isDigit, skipBlanks } from '../parser/scan';
import { scanCompactStamp } from './stamps/compact-stamp';

const COLON = 58;

/**
 * Zabbix server, proxy and agent logs: the process id, then the stamp, glued by colons
 * (`  1234:20240301:120000.123 message`), in the host's timezone. Zabbix writes no level; a message that
 * carries its own still gives it.
 */
export const zabbixFormat: LogFormat = {
  name: 'zabbix',
  description: "Zabbix server, proxy and agent logs: '  1234:20240301:120000.123 message'",
  specificity: 60,
  samples: [
    {
      line: '  1234:20240301:120000.123 Starting Zabbix Server. Zabbix 6.0.0',
      ts: '2024-03-01T12:00:00.123Z',
      level: null,
    },
    {
      line: '  1234:20240301:120001.456 cannot connect to database: [2] Connection refused',
      ts: '2024-03-01T10:00:01.456Z',
      level: null,
      timezone: 'Europe/Athens',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const pid = skipBlanks(line, 0);
    let i = pid;
    while (isDigit(line.charCodeAt(i))) i++;
    if (i === pid || line.charCodeAt(i) !== COLON) return Match.NoMatch;
    const end = scanCompactStamp(line, i + 1, ctx);
    if (end < 0) return Match.NoMatch;
    out.ts = ctx.ts;
    out.level = findLevel(line, end);
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};
