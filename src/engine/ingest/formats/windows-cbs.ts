import { levelFromWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { tokenEnd } from '../parser/scan';
import { scanIsoStamp } from './stamps/iso-stamp';

/** Windows servicing logs (CBS.log, DISM.log): `2016-09-28 04:30:30, Info                  CBS    message`. */
export const windowsCbsFormat: LogFormat = {
  name: 'windows-cbs',
  description: "Windows CBS/DISM logs: 'YYYY-MM-DD HH:MM:SS, Level  Component  message'",
  specificity: 75,
  samples: [
    {
      line: '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505',
      ts: '2016-09-28T04:30:30Z',
      level: 'info',
    },
    {
      line: '2016-09-28 04:30:31, Error                 CSI    00000001 failed',
      ts: '2016-09-28T04:30:31Z',
      level: 'error',
    },
    {
      line: '2016-09-28 04:30:31, Warning               CBS    Unable to get',
      ts: '2016-09-28T04:30:31Z',
      level: 'warn',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const end = scanIsoStamp(line, 0, ctx);
    if (end < 0) return Match.NoMatch;
    out.ts = ctx.ts;
    out.level = null;
    if (line.charCodeAt(end) !== 44 || line.charCodeAt(end + 1) !== 32) return Match.Stamped;
    out.level = levelFromWord(line.slice(end + 2, tokenEnd(line, end + 2)));
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};
