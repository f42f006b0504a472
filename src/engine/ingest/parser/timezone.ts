import { fixedOffset } from '../../../shared/log-source-fields';

// The source's timezone, for stamps that carry no offset. Offsets are cached per hour so that the hot path
// never calls Intl per line.

const MS_PER_HOUR = 3_600_000;
const CACHE_LIMIT = 4096;

export interface TimeZone {
  readonly name: string;
  /** UTC epoch ms of a wall-clock reading expressed as if it were UTC. */
  toUtc(wallMs: number): number;
  /** Offset (wall clock minus UTC) in ms at a UTC instant. */
  offsetAt(utcMs: number): number;
}

/**
 * A host's timezone as its follower reports it: its zone's name (from TZ, /etc/localtime or /etc/timezone)
 * where this machine knows the zone, so that summer time is followed through the window; else the offset
 * `date +%z` printed.
 */
export function hostTimeZone(offset: string, name: string | null): TimeZone {
  if (name !== null) {
    try {
      // zoneinfo's `posix/` and `right/` (leap seconds) trees hold the same zones under the same names.
      return createTimeZone(name.replace(/^(?:posix|right)\//, ''));
    } catch {
      // A name this machine's zone data does not have: the offset the host gave is right for now.
    }
  }
  return createTimeZone(offset);
}

/** Parses `UTC`, `Z`, an offset (`+0200`, `-05:30`, `+02`) or an IANA name (`Europe/Paris`). */
export function createTimeZone(spec = 'UTC'): TimeZone {
  const fixed = fixedOffset(spec);
  return fixed ? fixedZone(fixed.name, fixed.minutes * 60_000) : ianaZone(spec.trim());
}

function fixedZone(name: string, offsetMs: number): TimeZone {
  return { name, toUtc: (wallMs) => wallMs - offsetMs, offsetAt: () => offsetMs };
}

function ianaZone(name: string): TimeZone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(
      `unknown timezone "${name}": use an IANA name such as Europe/Paris, or an offset such as +0200`,
    );
  }
  const byUtcHour = new Map<number, number>();
  const byWallHour = new Map<number, number>();

  const offsetAt = (utcMs: number): number => {
    const hour = Math.floor(utcMs / MS_PER_HOUR);
    let offset = byUtcHour.get(hour);
    if (offset === undefined) {
      offset = measureOffset(format, hour * MS_PER_HOUR);
      if (byUtcHour.size >= CACHE_LIMIT) byUtcHour.clear();
      byUtcHour.set(hour, offset);
    }
    return offset;
  };

  const toUtc = (wallMs: number): number => {
    const hour = Math.floor(wallMs / MS_PER_HOUR);
    let offset = byWallHour.get(hour);
    if (offset === undefined) {
      // The offset at the guessed instant settles the answer except inside a DST gap or overlap.
      const wallHourStart = hour * MS_PER_HOUR;
      offset = offsetAt(wallHourStart - offsetAt(wallHourStart));
      if (byWallHour.size >= CACHE_LIMIT) byWallHour.clear();
      byWallHour.set(hour, offset);
    }
    return wallMs - offset;
  };

  return { name, toUtc, offsetAt };
}

function measureOffset(format: Intl.DateTimeFormat, utcMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(utcMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}
