import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { levelFromSyslogPriority, levelFromUpperWord } from '../parser/levels';
import { skipBlanks, tokenEnd } from '../parser/scan';
import { scanIsoStamp } from './stamps/iso-stamp';
import { afterHostAndTag, levelOfMessage, priority, readPriority } from './syslog-message';

const TAB = 9;
const OPENING_BRACKET = 91;

/**
 * `journalctl -o short-iso` (and rsyslog's RFC 3339 template, and syslog-ng's and rsyslog's forwarding
 * format with its `<PRI>` first): syslog layout with a zoned ISO stamp.
 */
export const journaldShortIsoFormat: LogFormat = {
  name: 'journald-short-iso',
  description:
    "journalctl -o short-iso, rsyslog RFC 3339: '[<PRI>]YYYY-MM-DDTHH:MM:SS+zone host ident[pid]: message'",
  specificity: 70,
  samples: [
    {
      line: '2024-03-01T12:00:00+0100 web-1 sshd[812]: Accepted publickey for deploy',
      ts: '2024-03-01T11:00:00Z',
      level: null,
    },
    {
      line: '2024-03-01T12:00:00.123456+00:00 web-1 kernel: warning: CPU0 throttled',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'warn',
    },
    {
      line: '<11>2024-03-01T12:00:00+00:00 web-1 app[7]: upstream closed',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: '2024-03-01T12:00:00.5Z node-1 kubelet[812]: E0301 12:00:00.500000 812 pod_workers.go:1298] sync failed',
      ts: '2024-03-01T12:00:00.500Z',
      level: 'error',
    },
    {
      line: '2024-03-01T12:00:00Z web-1 app[7]: WARN pool exhausted',
      ts: '2024-03-01T12:00:00Z',
      level: 'warn',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const start = readPriority(line, 0);
    const pri = priority.value;
    const end = scanIsoStamp(line, start, ctx);
    if (end < 0 || line.charCodeAt(start + 10) !== 84 || !hasZone(line, end)) return Match.NoMatch;
    // `STAMP ERROR app[pid]: …` and `STAMP [INFO]  agent: …` (HashiCorp's hclog) are application logs
    // with a level where journald has the host name, which never opens with a bracket; journald separates
    // its fields by spaces, never tabs (zap's console encoder does).
    if (
      line.charCodeAt(end) === TAB ||
      line.charCodeAt(skipBlanks(line, end)) === OPENING_BRACKET ||
      levelFromUpperWord(firstWord(line, end)) !== null
    )
      return Match.NoMatch;
    out.ts = ctx.ts;
    const message = afterHostAndTag(line, end);
    out.level = pri >= 0 ? levelFromSyslogPriority(pri) : message >= 0 ? levelOfMessage(line, message) : null;
    return message >= 0 ? Match.Complete : Match.Stamped;
  },
};

function firstWord(line: string, end: number): string {
  const start = skipBlanks(line, end);
  return line.slice(start, Math.min(tokenEnd(line, start), start + 12));
}

/** The stamp ends in `Z` or a numeric offset, as journald's always does. */
function hasZone(line: string, end: number): boolean {
  const last = line.charCodeAt(end - 1);
  if (last === 90) return true;
  for (let i = end - 1; i > end - 7; i--) {
    const code = line.charCodeAt(i);
    if (code === 43 || code === 45) return true;
  }
  return false;
}
