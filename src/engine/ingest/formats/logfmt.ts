import { levelFromFieldValue, LOGFMT_LEVEL_KEYS } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { parseStampText } from './stamps/any-stamp';

const TIME_KEYS = new Set(['time', 'ts', 't', 'timestamp', 'date']);
const AUDIT = 'audit(';
/** A date without a time of day (`2024-03-01`, `2024/03/01`), and a time of day without a date (`12:00:00.5`). */
const DATE_ONLY = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/;
const TIME_ONLY = /^\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?$/;

export const logfmtFormat: LogFormat = {
  name: 'logfmt',
  description:
    'logfmt key=value lines (Heroku, Go kit, logrus text, Go slog, Linux audit, Fortinet): time=/ts= (or date= and time=) and level=/lvl=',
  specificity: 50,
  samples: [
    {
      line: 'time="2024-03-01T12:00:00Z" level=info msg="server started" port=8080',
      ts: '2024-03-01T12:00:00Z',
      level: 'info',
    },
    {
      line: 'ts=2024-03-01T12:00:00.123+01:00 lvl=eror msg="db down" err="dial tcp: refused"',
      ts: '2024-03-01T11:00:00.123Z',
      level: 'error',
    },
    {
      line: 'type=AVC msg=audit(1709294400.243:24287): avc:  denied  { read } for  pid=812 comm="nginx"',
      ts: '2024-03-01T12:00:00.243Z',
      level: null,
    },
    {
      line: 'level=warn ts=1709294400.25 caller=main.go:1 msg=slow',
      ts: '2024-03-01T12:00:00.250Z',
      level: 'warn',
    },
    {
      line: 'date=2024-03-01 time=12:00:01 devname="FGT60E" logid="0100032002" type="event" level="alert"',
      ts: '2024-03-01T12:00:01Z',
      level: 'fatal',
    },
    {
      line: 'time=2024-03-01T12:00:00Z level=DEBUG+2 msg="custom level"',
      ts: '2024-03-01T12:00:00Z',
      level: 'debug',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    out.ts = null;
    out.level = null;
    // Appliances (Fortinet) give the date and the time of day as two keys: `date=2024-03-01 time=12:00:00`.
    let date = '';
    let time = '';
    let i = 0;
    const length = line.length;
    while (i < length) {
      const keyStart = i;
      while (i < length && isKeyChar(line.charCodeAt(i))) i++;
      if (i === keyStart || line.charCodeAt(i) !== 61)
        return keyStart === 0 ? Match.NoMatch : settle(out, date, time, ctx);
      const key = line.slice(keyStart, i);
      let valueStart = ++i;
      let valueEnd: number;
      if (line.charCodeAt(i) === 34) {
        valueStart = ++i;
        while (i < length && line.charCodeAt(i) !== 34) i += line.charCodeAt(i) === 92 ? 2 : 1;
        valueEnd = Math.min(i, length);
        i++;
      } else {
        while (i < length && line.charCodeAt(i) !== 32) i++;
        valueEnd = i;
      }
      if (out.ts === null && TIME_KEYS.has(key)) {
        const value = line.slice(valueStart, valueEnd);
        if (key === 'date' && date === '' && DATE_ONLY.test(value)) date = value;
        else if (key === 'time' && time === '' && TIME_ONLY.test(value)) time = value;
        else out.ts = parseStampText(value, ctx);
      } else if (out.ts === null && key === 'msg' && line.startsWith(AUDIT, valueStart))
        out.ts = auditStamp(line, valueStart + AUDIT.length, ctx);
      else if (out.level === null && LOGFMT_LEVEL_KEYS.has(key))
        out.level = levelFromFieldValue(line.slice(valueStart, valueEnd));
      while (line.charCodeAt(i) === 32) i++;
    }
    return settle(out, date, time, ctx);
  },
};

/** Linux audit records stamp themselves in the message: `msg=audit(1364481363.243:24287):`. */
function auditStamp(line: string, pos: number, ctx: ParseContext): number | null {
  const serial = line.indexOf(':', pos);
  return serial > pos ? parseStampText(line.slice(pos, serial), ctx) : null;
}

/** The fields found; a stamp from separate date and time keys when no key held a whole one. */
function settle(out: LineFields, date: string, time: string, ctx: ParseContext): Match {
  if (out.ts === null && (date !== '' || time !== ''))
    out.ts = parseStampText(date !== '' && time !== '' ? `${date} ${time}` : date || time, ctx);
  return out.ts !== null || out.level !== null ? Match.Complete : Match.Stamped;
}

function isKeyChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 45 ||
    code === 64
  );
}
