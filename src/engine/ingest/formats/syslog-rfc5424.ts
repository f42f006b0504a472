import { levelFromSyslogPriority } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { scanIsoStamp } from './stamps/iso-stamp';
import { priority, readPriority } from './syslog-message';

export const syslogRfc5424Format: LogFormat = {
  name: 'syslog-rfc5424',
  description: "IETF syslog: '<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG'",
  specificity: 85,
  samples: [
    {
      line: "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed",
      ts: '2003-10-11T22:14:15.003Z',
      level: 'fatal',
    },
    {
      line: "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time",
      ts: '2003-08-24T12:14:15.000Z',
      level: 'info',
    },
    { line: '<11>1 - host app - - - no clock', ts: null, level: 'error' },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const start = readPriority(line, 0);
    const pri = priority.value;
    if (pri < 0 || line.charCodeAt(start) !== 49 || line.charCodeAt(start + 1) !== 32) return Match.NoMatch;
    if (line.charCodeAt(start + 2) === 45 && line.charCodeAt(start + 3) === 32) {
      out.ts = null;
    } else {
      if (scanIsoStamp(line, start + 2, ctx) < 0) return Match.NoMatch;
      out.ts = ctx.ts;
    }
    out.level = levelFromSyslogPriority(pri);
    return Match.Complete;
  },
};
