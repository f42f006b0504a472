import { MS_PER_DAY, wallClockMs } from './civil-time';
import { createTimeZone, type TimeZone } from './timezone';
import { YearInference } from './year-inference';

/** How far ahead of the receive clock a date-less stamp may be and still be read as today (clock skew). */
const FUTURE_SLACK_MS = 3_600_000;

/**
 * What a format needs to turn wall-clock fields into epoch ms: the source's timezone and the year inference.
 * Scanners write their results into its fields rather than allocating objects per line.
 */
export class ParseContext {
  /** Epoch ms UTC of the stamp read last. */
  ts = 0;
  /** Time of day read last by `readTimeOfDay`. */
  hour = 0;
  minute = 0;
  second = 0;
  ms = 0;
  /**
   * A date the line gives apart from its stamp (a `2005.11.09` field before a `Nov  9 12:01:01` stamp);
   * 0 when none. A year-less stamp within a day of it (another clock's midnight, a New Year's Eve) takes
   * the year that puts it there instead of an inferred one.
   */
  lineYear = 0;
  lineMonth = 0;
  lineDay = 0;
  /**
   * The source writes `DD/MM/YYYY`: a date with a first field over 12 was seen. Until then `03/01/2024` is
   * read as March 1st, as most software that writes slashes with the year last is American.
   */
  dayFirstSlashDates = false;

  constructor(
    /** Replaced when a host tells its own (see SourceParser.useHostZone). */
    public zone: TimeZone,
    readonly years: YearInference,
    private readonly now: () => number,
  ) {}

  /** Epoch ms of a wall-clock reading in the source's timezone, using the time of day read last; NaN if invalid. */
  localDate(year: number, month: number, day: number): number {
    const wall = wallClockMs(year, month, day, this.hour, this.minute, this.second, this.ms);
    return wall === wall ? this.zone.toUtc(wall) : NaN;
  }

  /** As `localDate` for stamps without a year. */
  yearlessDate(month: number, day: number): number {
    if (month < 1 || month > 12) return NaN;
    const year = this.lineYear > 0 ? this.yearNearLineDate(month, day) : 0;
    return this.localDate(year > 0 ? year : this.years.yearFor(month), month, day);
  }

  /** The year within a day of the line's own date for this month and day, or 0 when there is none. */
  private yearNearLineDate(month: number, day: number): number {
    const lineDate = wallClockMs(this.lineYear, this.lineMonth, this.lineDay, 0, 0, 0, 0);
    for (let year = this.lineYear - 1; year <= this.lineYear + 1; year++) {
      if (Math.abs(wallClockMs(year, month, day, 0, 0, 0, 0) - lineDate) <= MS_PER_DAY) return year;
    }
    return 0;
  }

  /**
   * As `localDate` for stamps with a time of day only (logback's console `HH:mm:ss.SSS`): the latest such
   * moment no more than an hour ahead of the receive clock, so a day's lines read after midnight stay in it.
   */
  datelessTime(): number {
    const now = this.now();
    const nowWall = now + this.zone.offsetAt(now);
    let wall =
      Math.floor(nowWall / MS_PER_DAY) * MS_PER_DAY +
      wallClockMs(1970, 1, 1, this.hour, this.minute, this.second, this.ms);
    if (wall > nowWall + FUTURE_SLACK_MS) wall -= MS_PER_DAY;
    return wall === wall ? this.zone.toUtc(wall) : NaN;
  }

  /** Epoch ms of a wall-clock reading in a zone the stamp names, using the time of day read last; NaN if invalid. */
  zonedDate(year: number, month: number, day: number, zone: TimeZone): number {
    const wall = wallClockMs(year, month, day, this.hour, this.minute, this.second, this.ms);
    return wall === wall ? zone.toUtc(wall) : NaN;
  }

  /** Epoch ms of a reading with an explicit UTC offset in minutes, using the time of day read last. */
  offsetDate(year: number, month: number, day: number, offsetMinutes: number): number {
    return (
      wallClockMs(year, month, day, this.hour, this.minute, this.second, this.ms) - offsetMinutes * 60_000
    );
  }
}

export interface ClockOptions {
  timezone?: string;
  year?: number;
  now?: () => number;
}

export function createParseContext(options: ClockOptions = {}): ParseContext {
  const zone = createTimeZone(options.timezone);
  const clock = options.now ?? Date.now;
  const now = clock();
  const local = new Date(now + zone.offsetAt(now));
  return new ParseContext(
    zone,
    new YearInference(options.year, local.getUTCFullYear(), local.getUTCMonth() + 1),
    clock,
  );
}
