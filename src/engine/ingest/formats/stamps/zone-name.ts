import { createTimeZone, type TimeZone } from '../../parser/timezone';
import { cursor, isUpperLetter, isWordChar } from '../../parser/scan';

/**
 * Zone names that mean one offset wherever they are written (PostgreSQL's `%m` prints log_timezone's
 * abbreviation: `UTC`, `CET`, `EST`). CST, IST, BST and AST each name several zones: a stamp with one of
 * them, or none, is read in the source's timezone.
 */
const NAMED_ZONES = new Map<string, number>([
  ['UTC', 0],
  ['GMT', 0],
  ['WET', 0],
  ['WEST', 60],
  ['CET', 60],
  ['CEST', 120],
  ['MET', 60],
  ['MEST', 120],
  ['EET', 120],
  ['EEST', 180],
  ['MSK', 180],
  ['HKT', 480],
  ['SGT', 480],
  ['AWST', 480],
  ['JST', 540],
  ['KST', 540],
  ['ACST', 570],
  ['ACDT', 630],
  ['AEST', 600],
  ['AEDT', 660],
  ['NZST', 720],
  ['NZDT', 780],
  ['HST', -600],
  ['AKST', -540],
  ['AKDT', -480],
  ['PST', -480],
  ['PDT', -420],
  ['MST', -420],
  ['MDT', -360],
  ['CDT', -300],
  ['EST', -300],
  ['EDT', -240],
]);

/** The offset in minutes of a zone name at `pos` standing as a word of its own, with `cursor.end` after it. */
export function namedZoneAt(line: string, pos: number): number | undefined {
  let end = pos;
  while (end - pos <= 4 && isUpperLetter(line.charCodeAt(end))) end++;
  if (end - pos < 3 || end - pos > 4 || isWordChar(line.charCodeAt(end))) return undefined;
  const minutes = NAMED_ZONES.get(line.slice(pos, end));
  if (minutes !== undefined) cursor.end = end;
  return minutes;
}

/** IANA zones met in stamps, by name (PHP's error log writes date.timezone's name: `Europe/Berlin`). */
const IANA_ZONES = new Map<string, TimeZone | null>();
const LONGEST_IANA_NAME = 40;
const MAX_CACHED_ZONES = 64;

/** An IANA zone name (`Area/Location`) at `pos` that this runtime knows, with `cursor.end` after it. */
export function ianaZoneAt(line: string, pos: number): TimeZone | undefined {
  if (!isUpperLetter(line.charCodeAt(pos))) return undefined;
  let end = pos;
  let slash = -1;
  while (end - pos < LONGEST_IANA_NAME && isZoneNameChar(line.charCodeAt(end))) {
    if (line.charCodeAt(end) === 47 && slash < 0) slash = end;
    end++;
  }
  if (slash < 0 || end === slash + 1) return undefined;
  const name = line.slice(pos, end);
  let zone = IANA_ZONES.get(name);
  // Bounded: text that only looks like zone names must not grow the cache or cost an Intl lookup per line.
  if (zone === undefined && IANA_ZONES.size >= MAX_CACHED_ZONES) return undefined;
  if (zone === undefined) {
    try {
      zone = createTimeZone(name);
    } catch {
      zone = null;
    }
    IANA_ZONES.set(name, zone);
  }
  if (zone === null) return undefined;
  cursor.end = end;
  return zone;
}

function isZoneNameChar(code: number): boolean {
  return isWordChar(code) || code === 47 || code === 45 || code === 43;
}
