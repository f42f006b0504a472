// Year for stamps that carry none (syslog, klog, logcat). The first stamp takes the configured year, or the
// receive clock's year; later stamps follow the stream so that a December → January step starts a new year.

const MONTH_JUMP = 6;

export class YearInference {
  private year: number;
  private lastMonth = 0;

  /**
   * @param explicitYear the year of the first stamp when the caller knows it
   * @param clockYear, clockMonth the receive clock's date in the source's timezone
   */
  constructor(
    private readonly explicitYear: number | undefined,
    private readonly clockYear: number,
    private readonly clockMonth: number,
  ) {
    this.year = explicitYear ?? clockYear;
  }

  /** The year dates are read around: the configured one, or the receive clock's. */
  get referenceYear(): number {
    return this.explicitYear ?? this.clockYear;
  }

  yearFor(month: number): number {
    if (this.lastMonth === 0) {
      // A December stamp read in January belongs to last year: logs are not written in the future.
      if (this.explicitYear === undefined && month > this.clockMonth + 1) this.year = this.clockYear - 1;
    } else if (month < this.lastMonth - MONTH_JUMP) {
      this.year += 1;
    } else if (month > this.lastMonth + MONTH_JUMP) {
      // A late line from before the rollover: keep the stream's year for the lines that follow.
      return this.year - 1;
    }
    this.lastMonth = month;
    return this.year;
  }
}
