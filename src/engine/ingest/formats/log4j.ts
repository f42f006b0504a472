import type { Level } from '../../../shared/types';
import { findLevel } from '../parser/level-finder';
import { levelFromUpperWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { skipBlanks, tokenEnd } from '../parser/scan';
import { scanIsoStamp } from './stamps/iso-stamp';

/**
 * log4j / logback / Hadoop / ZooKeeper layouts: `%d LEVEL [thread] logger - msg`, `%d [thread] LEVEL logger`,
 * `%d - LEVEL [thread:class@line] - msg`, `%d pid LEVEL logger`: the level in capitals within the first fields.
 */
export const log4jFormat: LogFormat = {
  name: 'log4j',
  description: 'log4j / logback layouts: ISO-style date, then an upper-case level before or after [thread]',
  specificity: 60,
  samples: [
    {
      line: '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created',
      ts: '2015-10-18T18:01:47.978Z',
      level: 'info',
    },
    {
      line: '2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - leaving',
      ts: '2015-07-29T19:04:29.071Z',
      level: 'warn',
    },
    {
      line: '2024-03-01 12:00:00.001 [http-nio-8080-exec-1] ERROR c.e.Api - boom',
      ts: '2024-03-01T12:00:00.001Z',
      level: 'error',
    },
    {
      line: '2024-03-01T12:00:00.001+0100 FATAL [main] App - out of memory',
      ts: '2024-03-01T11:00:00.001Z',
      level: 'fatal',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const end = scanIsoStamp(line, line.charCodeAt(0) === 91 ? 1 : 0, ctx);
    if (end < 0) return Match.NoMatch;
    out.ts = ctx.ts;
    out.level = levelInLayout(line, end);
    if (out.level !== null) return Match.Complete;
    out.level = findLevel(line, end);
    return Match.Stamped;
  },
};

/** The level where log4j layouts put it: the first or second field after the date, skipping `-` and `[thread]`. */
function levelInLayout(line: string, pos: number): Level | null {
  let i = skipBlanks(line, pos);
  for (let field = 0; field < 3 && i < line.length; field++) {
    const end = tokenEnd(line, i);
    const first = line.charCodeAt(i);
    if (first >= 65 && first <= 90) return levelFromUpperWord(line.slice(i, end));
    if (first !== 45 && first !== 91 && (first < 48 || first > 57)) return null;
    i = skipBlanks(line, first === 91 ? closingBracket(line, i) : end);
  }
  return null;
}

function closingBracket(line: string, pos: number): number {
  const close = line.indexOf('] ', pos);
  return close < 0 ? line.length : close + 1;
}
