import { levelFromHttpStatus, levelFromLetter } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { fixedDigits } from '../parser/scan';
import { scanClfStamp } from './stamps/clf-stamp';

/** Client address, identity and user rarely take more than this before the `[date]`. */
const PREFIX_LIMIT = 300;

export const accessLogFormat: LogFormat = {
  name: 'access-log',
  description:
    'Apache/nginx access logs, common and combined: host ident user [date] "request" status size (and S3-style fields between date and request)',
  specificity: 80,
  samples: [
    {
      line: 'E [01/Mar/2024:12:00:00 +0000] [cups-deviced] PID 123 (gutenprint52+usb) stopped with status 1!',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      ts: '2000-10-10T20:55:36Z',
      level: 'info',
    },
    {
      line: '203.0.113.9 - - [01/Mar/2024:12:00:00 +0000] "POST /api/login HTTP/1.1" 401 17 "-" "curl/8.5.0"',
      ts: '2024-03-01T12:00:00Z',
      level: 'warn',
    },
    {
      line: '2001:db8::1 - - [01/Mar/2024:12:00:01 +0100] "GET /health HTTP/2.0" 503 0 "https://example.org/" "Mozilla/5.0"',
      ts: '2024-03-01T11:00:01Z',
      level: 'error',
    },
    {
      line: '79a59df9 awsexamplebucket1 [01/Mar/2024:12:00:01 +0000] 192.0.2.3 79a59df9 891CE47D2EXAMPLE REST.GET.LOGGING_STATUS - "GET /awsexamplebucket1?logging HTTP/1.1" 503 - 242 - 11',
      ts: '2024-03-01T12:00:01Z',
      level: 'error',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    const open = line.indexOf(' [');
    if (open < 0 || open > PREFIX_LIMIT) return Match.NoMatch;
    const end = scanClfStamp(line, open + 2, ctx);
    if (end < 0 || line.charCodeAt(end) !== 93) return Match.NoMatch;
    out.ts = ctx.ts;
    // CUPS's error log opens with the level's letter: `E [01/Mar/2024:12:00:00 +0000] …`.
    out.level = open === 1 ? levelFromLetter(line.charCodeAt(0)) : null;
    const request =
      line.charCodeAt(end + 1) === 32 && line.charCodeAt(end + 2) === 34 ? end + 3 : laterRequest(line, end);
    const close = request < 0 ? -1 : line.indexOf('" ', request);
    const status = close < 0 ? -1 : fixedDigits(line, close + 2, 3);
    if (status < 100) return out.level === null ? Match.Stamped : Match.Complete;
    out.level = levelFromHttpStatus(status);
    return Match.Complete;
  },
};

/**
 * Where the quoted request starts when other fields come between the date and it (Amazon S3's server
 * access log: `bucket [date] remote-ip requester request-id operation key "GET /key HTTP/1.1" 200`), or -1.
 */
function laterRequest(line: string, stampEnd: number): number {
  const protocol = line.indexOf(' HTTP/', stampEnd);
  if (protocol < 0) return -1;
  const open = line.lastIndexOf(' "', protocol);
  return open > stampEnd ? open + 2 : -1;
}
