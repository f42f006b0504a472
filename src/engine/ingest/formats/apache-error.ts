import { levelFromWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { scanCtimeStamp } from './stamps/bsd-stamp';

export const apacheErrorFormat: LogFormat = {
  name: 'apache-error',
  description: "Apache httpd error log: '[Dow Mon dd HH:MM:SS[.usec] YYYY] [module:]level] message'",
  specificity: 80,
  samples: [
    {
      line: '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok',
      ts: '2005-12-04T04:47:44Z',
      level: 'info',
    },
    {
      line: '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
      ts: '2005-12-04T04:47:44Z',
      level: 'error',
    },
    {
      line: '[Wed Oct 11 14:32:52.123456 2000] [core:crit] [pid 35708:tid 4328636416] [client 72.15.99.187] oops',
      ts: '2000-10-11T14:32:52.123Z',
      level: 'fatal',
    },
    {
      line: '[Fri Mar 01 12:00:00.5 2024] [ssl:warn] [pid 1] AH01909: cert mismatch',
      ts: '2024-03-01T12:00:00.500Z',
      level: 'warn',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    if (line.charCodeAt(0) !== 91) return Match.NoMatch;
    const end = scanCtimeStamp(line, 1, ctx);
    if (end < 0 || line.charCodeAt(end) !== 93) return Match.NoMatch;
    out.ts = ctx.ts;
    out.level = null;
    if (line.charCodeAt(end + 1) !== 32 || line.charCodeAt(end + 2) !== 91) return Match.Stamped;
    const close = line.indexOf(']', end + 3);
    if (close < 0 || close - end > 40) return Match.Stamped;
    const colon = line.lastIndexOf(':', close);
    out.level = levelFromWord(line.slice(colon > end ? colon + 1 : end + 3, close));
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};
