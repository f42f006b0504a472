import { levelFromSyslogPriority } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { scanBsdStamp } from './stamps/bsd-stamp';
import { afterHostAndTag, levelOfMessage, priority, readPriority } from './syslog-message';

export const syslogRfc3164Format: LogFormat = {
  name: 'syslog-rfc3164',
  description: "BSD syslog: '[<PRI>]Mmm dd HH:MM:SS host tag[pid]: message' (year inferred)",
  specificity: 50,
  samples: [
    {
      line: 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0',
      ts: '2024-06-14T15:16:01Z',
      level: null,
    },
    {
      line: "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick",
      ts: '2024-10-11T22:14:15Z',
      level: 'fatal',
    },
    { line: '<13>Feb  5 17:32:18 10.0.0.99 myapp: started', ts: '2024-02-05T17:32:18Z', level: 'info' },
    {
      line: 'Dec 10 06:55:46 LabSZ sshd[24200]: error: Received disconnect',
      ts: '2024-12-10T06:55:46Z',
      level: 'error',
    },
    {
      line: 'Mar  1 12:00:00 node-1 kubelet[812]: W0301 12:00:00.500000     812 warnings.go:70] deprecated API',
      ts: '2024-03-01T12:00:00Z',
      level: 'warn',
    },
    {
      line: 'Mar  1 12:00:02 auth: Error: passwd-file(bob): Password mismatch',
      ts: '2024-03-01T12:00:02Z',
      level: 'error',
    },
    {
      line: 'Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch::i2cWriteDWord',
      ts: '2024-07-01T08:00:55Z',
      level: null,
      timezone: '+0100',
    },
    {
      line: 'Mar  1 12:00:01 lb haproxy[123]: 10.0.0.1:5556 [01/Mar/2024:12:00:01.123] fe be/<NOSRV> 0/-1/-1/-1/0 503 212 - - SC-- 1/1/0/0/0 0/0 "GET /x HTTP/1.1"',
      ts: '2024-03-01T12:00:01Z',
      level: 'error',
    },
    {
      line: 'Mar  1 12:00:02 lb haproxy[123]: 10.0.0.1:5557 [01/Mar/2024:12:00:02.123] fe-tcp be-tcp/srv1 0/0/5 1234 -- 1/1/0/0/0 0/0',
      ts: '2024-03-01T12:00:02Z',
      level: null,
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const start = readPriority(line, 0);
    const pri = priority.value;
    const end = scanBsdStamp(line, start, ctx);
    if (end < 0) return Match.NoMatch;
    out.ts = ctx.ts;
    const message = afterHostAndTag(line, end);
    out.level = pri >= 0 ? levelFromSyslogPriority(pri) : message >= 0 ? levelOfMessage(line, message) : null;
    return message >= 0 ? Match.Complete : Match.Stamped;
  },
};
