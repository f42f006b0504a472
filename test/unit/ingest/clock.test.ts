import { describe, expect, it } from 'vitest';
import { daysFromCivil, wallClockMs } from '../../../src/engine/ingest/parser/civil-time';
import { createSourceParser, type ParsedEvent } from '../../../src/engine/ingest/parser/source-parser';
import { createTimeZone, hostTimeZone } from '../../../src/engine/ingest/parser/timezone';
import { YearInference } from '../../../src/engine/ingest/parser/year-inference';

function firstTs(line: string, options: Parameters<typeof createSourceParser>[0]): number | null {
  const parser = createSourceParser(options);
  const events: ParsedEvent[] = [];
  parser.push(line, events);
  parser.flush(events);
  return events[0].ts;
}

describe('calendar arithmetic', () => {
  it('agrees with Date.UTC across leap years and centuries', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [2100, 3, 1],
      [2024, 12, 31],
      [1969, 7, 20],
    ]) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
    expect(wallClockMs(2024, 2, 29, 23, 59, 59, 999)).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  });

  it('reads every date afresh when consecutive readings change date, a day or a year apart', () => {
    const readings = [
      [2024, 3, 1, 12],
      [2024, 3, 1, 13],
      [2024, 3, 2, 0],
      [2024, 3, 1, 23],
      [2023, 3, 1, 23],
      [2024, 4, 1, 0],
      [-1, 12, 31, 0],
    ];
    for (const [y, m, d, h] of readings)
      expect(wallClockMs(y, m, d, h, 5, 6, 7)).toBe(Date.UTC(y, m - 1, d, h, 5, 6, 7));
  });

  it('rejects out-of-range fields', () => {
    expect(wallClockMs(2024, 13, 1, 0, 0, 0, 0)).toBeNaN();
    expect(wallClockMs(2024, 1, 1, 25, 0, 0, 0)).toBeNaN();
  });
});

describe('timezones', () => {
  it('reads zone-less stamps in the source timezone, given as an IANA name', () => {
    expect(firstTs('2024-07-01 12:00:00 up', { timezone: 'Europe/Paris' })).toBe(Date.UTC(2024, 6, 1, 10));
    expect(firstTs('2024-01-15 12:00:00 up', { timezone: 'Europe/Paris' })).toBe(Date.UTC(2024, 0, 15, 11));
    expect(firstTs('2024-07-01 12:00:00 up', { timezone: 'America/New_York' })).toBe(
      Date.UTC(2024, 6, 1, 16),
    );
  });

  it('reads zone-less stamps in the source timezone, given as an offset like date +%z prints', () => {
    expect(firstTs('2024-03-01 12:00:00 up', { timezone: '+0200' })).toBe(Date.UTC(2024, 2, 1, 10));
    expect(firstTs('2024-03-01 12:00:00 up', { timezone: '-05:30' })).toBe(Date.UTC(2024, 2, 1, 17, 30));
  });

  it("takes a host's zone by name where this machine knows it, else the offset the host gave", () => {
    const parse = (zone: ReturnType<typeof hostTimeZone>, line: string) => {
      const parser = createSourceParser({});
      parser.useZone(zone);
      const events: ParsedEvent[] = [];
      parser.push(line, events);
      parser.flush(events);
      return events[0].ts;
    };
    // By name, summer time is followed even though the host said +0100 in winter.
    expect(parse(hostTimeZone('+0100', 'Europe/Paris'), '2024-07-01 12:00:00 up')).toBe(
      Date.UTC(2024, 6, 1, 10),
    );
    expect(parse(hostTimeZone('+0100', 'Mars/Olympus_Mons'), '2024-07-01 12:00:00 up')).toBe(
      Date.UTC(2024, 6, 1, 11),
    );
    expect(parse(hostTimeZone('-0500', null), '2024-07-01 12:00:00 up')).toBe(Date.UTC(2024, 6, 1, 17));
    // /etc/localtime pointing into zoneinfo's leap-second tree.
    expect(parse(hostTimeZone('+0100', 'right/Europe/Paris'), '2024-07-01 12:00:00 up')).toBe(
      Date.UTC(2024, 6, 1, 10),
    );
  });

  it('defaults to UTC', () => {
    expect(firstTs('2024-03-01 12:00:00 up', {})).toBe(Date.UTC(2024, 2, 1, 12));
  });

  it('lets an explicit offset in the stamp win over the source timezone', () => {
    expect(firstTs('2024-03-01T12:00:00+01:00 up', { timezone: 'America/New_York' })).toBe(
      Date.UTC(2024, 2, 1, 11),
    );
  });

  it('follows daylight saving changes within one source', () => {
    const zone = createTimeZone('Europe/Paris');
    expect(zone.toUtc(Date.UTC(2024, 2, 31, 1, 30))).toBe(Date.UTC(2024, 2, 31, 0, 30));
    expect(zone.toUtc(Date.UTC(2024, 2, 31, 4, 30))).toBe(Date.UTC(2024, 2, 31, 2, 30));
  });

  it('rejects an unknown timezone with advice', () => {
    expect(() => createTimeZone('Mars/Olympus')).toThrow(/unknown timezone "Mars\/Olympus".*IANA/);
  });
});

describe('year inference', () => {
  it('gives year-less stamps the configured year', () => {
    expect(firstTs('Jun 14 15:16:01 combo sshd[1]: x', { year: 2005 })).toBe(
      Date.UTC(2005, 5, 14, 15, 16, 1),
    );
  });

  it("defaults to the receive clock's year", () => {
    expect(firstTs('Jun 14 15:16:01 combo sshd[1]: x', { now: () => Date.UTC(2031, 6, 1) })).toBe(
      Date.UTC(2031, 5, 14, 15, 16, 1),
    );
  });

  it('puts a December stamp read in January into the previous year', () => {
    expect(firstTs('Dec 31 23:59:59 h app: x', { now: () => Date.UTC(2025, 0, 1, 0, 0, 5) })).toBe(
      Date.UTC(2024, 11, 31, 23, 59, 59),
    );
  });

  it('starts a new year when a stream rolls over from December to January', () => {
    const parser = createSourceParser({ year: 2024 });
    const events: ParsedEvent[] = [];
    for (const line of [
      'Dec 31 23:59:59 h app: a',
      'Jan  1 00:00:01 h app: b',
      'Dec 31 23:59:58 h app: late',
    ]) {
      parser.push(line, events);
    }
    parser.flush(events);
    expect(events.map((e) => e.ts)).toEqual([
      Date.UTC(2024, 11, 31, 23, 59, 59),
      Date.UTC(2025, 0, 1, 0, 0, 1),
      Date.UTC(2024, 11, 31, 23, 59, 58),
    ]);
  });

  it('keeps the year for months that move forward', () => {
    const years = new YearInference(2024, 2024, 6);
    expect([3, 4, 4, 7, 12].map((m) => years.yearFor(m))).toEqual([2024, 2024, 2024, 2024, 2024]);
  });
});
