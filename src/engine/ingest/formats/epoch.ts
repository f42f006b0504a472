import type { Level } from '../../../shared/types';
import { levelFromHttpStatus } from '../parser/levels';
import { fixedDigits, isUpperLetter, skipBlanks, tokenEnd } from '../parser/scan';
import { leadingStampFormat } from './leading-stamp-format';
import { scanEpochStamp } from './stamps/epoch-stamp';

export const epochFormat = leadingStampFormat({
  name: 'epoch',
  description: 'Lines opening with Unix time in seconds (optionally fractional), milliseconds, µs or ns',
  specificity: 20,
  scan: scanEpochStamp,
  samples: [
    { line: '1709294400 INFO started', ts: '2024-03-01T12:00:00Z', level: 'info' },
    {
      line: '[1709294400] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;Connection refused',
      ts: '2024-03-01T12:00:00Z',
      level: 'fatal',
    },
    { line: '[1709294401] HOST ALERT: db-1;UP;HARD;1;PING OK', ts: '2024-03-01T12:00:01Z', level: 'info' },
    {
      line: '[1709294402] SERVICE NOTIFICATION: ops;web-1;Disk;WARNING;notify-by-email;DISK WARNING - 91% used',
      ts: '2024-03-01T12:00:02Z',
      level: 'warn',
    },
    { line: '1709294400.25 worker 3 ERROR crashed', ts: '2024-03-01T12:00:00.250Z', level: 'error' },
    { line: '1709294400123 [warn] slow query', ts: '2024-03-01T12:00:00.123Z', level: 'warn' },
    { line: '1709294400123999999 error: nanoseconds', ts: '2024-03-01T12:00:00.123Z', level: 'error' },
    {
      line: '1709294402.789   5003 10.0.0.3 TCP_MISS/503 4200 GET http://down.example/ - HIER_DIRECT/5.6.7.8 text/html',
      ts: '2024-03-01T12:00:02.789Z',
      level: 'error',
    },
    {
      line: '1709294401.456     45 10.0.0.2 TCP_DENIED/403 3900 GET http://blocked.example/ - HIER_NONE/- text/html',
      ts: '2024-03-01T12:00:01.456Z',
      level: 'warn',
    },
  ],
  levelOtherwise: squidStatusLevel,
  levelFirst: nagiosStateLevel,
});

/** Nagios' and Icinga 1's event log: the check's state is the level (`ALERT` in `SERVICE ALERT` is none). */
const NAGIOS_EVENT =
  /^\] (?:(?:SERVICE|HOST) (?:ALERT|NOTIFICATION|FLAPPING ALERT|EVENT HANDLER)|(?:CURRENT|INITIAL) (?:SERVICE|HOST) STATE): ([^\n]*)/;
const NAGIOS_STATES = new Map<string, Level>([
  ['OK', 'info'],
  ['UP', 'info'],
  ['WARNING', 'warn'],
  ['UNKNOWN', 'warn'],
  ['UNREACHABLE', 'warn'],
  // As the word is read everywhere else.
  ['CRITICAL', 'fatal'],
  ['DOWN', 'error'],
]);

/** `[epoch] SERVICE ALERT: host;service;STATE;HARD;3;output`: the first field that is a state. */
function nagiosStateLevel(line: string, end: number): Level | null {
  if (line.charCodeAt(end) !== 93) return null;
  const event = NAGIOS_EVENT.exec(line.slice(end, end + 512));
  if (event === null) return null;
  for (const field of event[1].split(';')) {
    const state = NAGIOS_STATES.get(field.split(' ')[0]);
    if (state !== undefined) return state;
  }
  return null;
}

/**
 * Squid's native access log: `time elapsed client RESULT_CODE/status bytes method URL …`; the HTTP
 * status after the cache's result code (TCP_MISS, TCP_DENIED, NONE_NONE …) gives the level.
 */
function squidStatusLevel(line: string, end: number): Level | null {
  const client = skipBlanks(line, tokenEnd(line, skipBlanks(line, end)));
  const code = skipBlanks(line, tokenEnd(line, client));
  let slash = code;
  while (isUpperLetter(line.charCodeAt(slash)) || line.charCodeAt(slash) === 95) slash++;
  if (slash - code < 4 || line.charCodeAt(slash) !== 47) return null;
  const status = fixedDigits(line, slash + 1, 3);
  const after = line.charCodeAt(slash + 4);
  if (status < 100 || status > 599 || !(after === 32 || after === 9)) return null;
  return levelFromHttpStatus(status);
}
