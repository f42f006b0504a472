// Character-level helpers for the hand-written scanners. Variable-length reads leave their end in `cursor`
// so that the hot path returns numbers, never tuples.

export const cursor = { end: 0 };

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** An ASCII letter, either case. */
export function isLetter(code: number): boolean {
  return (code | 32) >= 97 && (code | 32) <= 122;
}

export function isUpperLetter(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** What `\w` matches: ASCII letters, digits and `_`. */
export function isWordChar(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 95;
}

/** Value of exactly `count` digits at `pos`, or -1. */
export function fixedDigits(line: string, pos: number, count: number): number {
  let value = 0;
  for (let i = pos; i < pos + count; i++) {
    const code = line.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/** Value of `min`..`max` digits at `pos` (end in `cursor.end`), or -1 when fewer than `min` or more than `max`. */
export function readDigits(line: string, pos: number, min: number, max: number): number {
  let value = 0;
  let i = pos;
  // Each character read once: charCodeAt is most of the cost of a scanner.
  for (let code = line.charCodeAt(i); code >= 48 && code <= 57; code = line.charCodeAt(++i)) {
    if (i - pos === max) return -1;
    value = value * 10 + code - 48;
  }
  if (i - pos < min) return -1;
  cursor.end = i;
  return value;
}

/** Milliseconds of a decimal fraction of a second at `pos` (end in `cursor.end`), or -1 without digits. */
export function readFractionMs(line: string, pos: number): number {
  let i = pos;
  let ms = 0;
  let scale = 100;
  for (let code = line.charCodeAt(i); code >= 48 && code <= 57; code = line.charCodeAt(++i)) {
    ms += (code - 48) * scale;
    scale /= 10;
  }
  if (i === pos) return -1;
  cursor.end = i;
  return Math.floor(ms);
}

const MONTHS = new Map<number, number>();
['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].forEach((name, i) =>
  MONTHS.set(monthKey(name.charCodeAt(0), name.charCodeAt(1), name.charCodeAt(2)), i + 1),
);

function monthKey(a: number, b: number, c: number): number {
  return ((a | 32) << 16) | ((b | 32) << 8) | (c | 32);
}

/** Month (1–12) of a three-letter English month name at `pos` in any case, or 0. */
export function monthAt(line: string, pos: number): number {
  return MONTHS.get(monthKey(line.charCodeAt(pos), line.charCodeAt(pos + 1), line.charCodeAt(pos + 2))) ?? 0;
}

const WEEKDAYS = new Set(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) =>
    monthKey(d.charCodeAt(0), d.charCodeAt(1), d.charCodeAt(2)),
  ),
);

/** True when a three-letter English weekday name is at `pos`. */
export function isWeekdayAt(line: string, pos: number): boolean {
  return WEEKDAYS.has(monthKey(line.charCodeAt(pos), line.charCodeAt(pos + 1), line.charCodeAt(pos + 2)));
}

/** Index of the first character after a run of spaces and tabs. */
export function skipBlanks(line: string, pos: number): number {
  let i = pos;
  for (let code = line.charCodeAt(i); code === 32 || code === 9; code = line.charCodeAt(++i));
  return i;
}

/** Index of the next space or tab at or after `pos`, or the line's length. */
export function tokenEnd(line: string, pos: number): number {
  let i = pos;
  for (
    let code = line.charCodeAt(i);
    i < line.length && code !== 32 && code !== 9;
    code = line.charCodeAt(++i)
  );
  return i;
}
