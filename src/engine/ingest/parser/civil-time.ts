// Calendar arithmetic for the ingest hot path: epoch milliseconds without Date objects or Date.parse.

export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Milliseconds since the epoch of a wall-clock reading taken as if it were UTC; NaN when a field is out of range. */
export function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return NaN;
  // A source's lines nearly all share the date of the line before: its day number is kept.
  const date = year * 512 + month * 32 + day;
  if (date !== lastDate) {
    lastDate = date;
    lastDays = daysFromCivil(year, month, day);
  }
  return lastDays * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** The date wallClockMs read last (year * 512 + month * 32 + day) and its day number. */
let lastDate = NaN;
let lastDays = 0;
