import type { Level } from '../../../shared/types';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { cursor, readDigits } from '../parser/scan';
import { shortYearSlashDate } from './stamps/compact-stamp';
import { readTimeOfDay } from './stamps/time-of-day';
import { namedZoneAt } from './stamps/zone-name';

const SPACE = 32;
const OPEN_BRACKET = 91;
const SLASH = 47;
const COMMA = 44;
const CLOSE_BRACKET = 93;
/** The thread id is eight hex digits. */
const THREAD_ID_LENGTH = 8;

/** WebSphere's event types: F fatal, E error, W warning, A audit, I info, C config, D detail, O SystemOut. */
const EVENT_TYPES: Record<string, Level> = {
  F: 'fatal',
  E: 'error',
  W: 'warn',
  A: 'info',
  I: 'info',
  C: 'info',
  O: 'info',
  D: 'debug',
};

/**
 * IBM WebSphere's SystemOut.log and Liberty's messages.log: `[3/1/24 12:00:00:123 UTC] 00000001 Component E
 * message`, the date in the JVM locale's short form (Liberty adds a comma after it), the milliseconds after a
 * colon, the zone named. SystemErr's `R` lines are the stream's, not a severity: no level.
 */
export const webSphereFormat: LogFormat = {
  name: 'websphere',
  description:
    "IBM WebSphere and Liberty: '[3/1/24 12:00:00:123 UTC] 00000001 WebContainer  E   SRVE0777E: …'",
  specificity: 85,
  samples: [
    {
      line: "[3/1/24 12:00:00:123 UTC] 00000001 WebContainer  E   SRVE0777E: Exception thrown by application class 'a.B'",
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '[12/15/23, 9:05:01:002 EST] 0000002a com.ibm.ws.kernel.launch.internal.FrameworkManager           A CWWKE0001I: The server defaultServer has been launched.',
      ts: '2023-12-15T14:05:01.002Z',
      level: 'info',
    },
    {
      line: '[3/1/24 12:00:02:789 CET] 00000003 ServletWrappe W   SRVE0068W: Uncaught exception created in one of the service methods',
      ts: '2024-03-01T11:00:02.789Z',
      level: 'warn',
    },
    {
      line: '[3/1/24 12:00:03:000 UTC] 00000004 SystemErr     R java.lang.NullPointerException',
      ts: '2024-03-01T12:00:03Z',
      level: null,
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    if (line.charCodeAt(0) !== OPEN_BRACKET) return Match.NoMatch;
    const first = readDigits(line, 1, 1, 2);
    if (first < 0 || line.charCodeAt(cursor.end) !== SLASH) return Match.NoMatch;
    const second = readDigits(line, cursor.end + 1, 1, 2);
    if (second < 0 || line.charCodeAt(cursor.end) !== SLASH) return Match.NoMatch;
    const third = readDigits(line, cursor.end + 1, 2, 2);
    if (third < 0) return Match.NoMatch;
    let i = cursor.end;
    if (line.charCodeAt(i) === COMMA) i++;
    if (line.charCodeAt(i) !== SPACE) return Match.NoMatch;
    const timeEnd = readTimeOfDay(line, i + 1, ctx);
    if (timeEnd < 0 || line.charCodeAt(timeEnd) !== SPACE) return Match.NoMatch;
    const offset = namedZoneAt(line, timeEnd + 1);
    const stampEnd = offset === undefined ? line.indexOf(']', timeEnd) : cursor.end;
    if (stampEnd < 0 || line.charCodeAt(stampEnd) !== CLOSE_BRACKET) return Match.NoMatch;
    let ts = shortYearSlashDate(ctx, first, second, third);
    if (ts !== ts) return Match.NoMatch;
    // The stamp was read in the source's zone; a named zone replaces that zone's offset with its own.
    if (offset !== undefined) ts += ctx.zone.offsetAt(ts) - offset * 60_000;
    out.ts = ts;
    out.level = eventType(line, stampEnd + 2);
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};

/** The event type after the thread id and the component: `00000001 WebContainer  E   …`. */
function eventType(line: string, pos: number): Level | null {
  let i = pos + THREAD_ID_LENGTH;
  if (line.charCodeAt(i) !== SPACE) return null;
  while (line.charCodeAt(i) === SPACE) i++;
  while (i < line.length && line.charCodeAt(i) !== SPACE) i++;
  while (line.charCodeAt(i) === SPACE) i++;
  const next = line.charCodeAt(i + 1);
  if (next === next && next !== SPACE) return null;
  return EVENT_TYPES[line.charAt(i)] ?? null;
}
