/**
 * Reads the HTTP status and the request duration a log line carries, when it carries them: access logs
 * (common/combined, with a trailing %D, %T or $request_time field), and key-values such as `status=503`,
 * `"status":503`, `duration=123ms`, `took 123 ms`, `request_time=0.123`. Cheap enough for every line: one
 * regular-expression pass finds every place a field may start, and only those are read.
 */

/** A line's request fields; -1 where it has none. Reused between lines to keep the hot path allocation-free. */
export interface RequestFields {
  status: number;
  durationMs: number;
}

/**
 * Where a field may start: an access log's request (` HTTP/`), a `status` key, or a hint of a duration key
 * (the hint may sit inside its key: `_time` of `request_time`). No two alternatives can overlap, so one
 * pass finds what separate searches would. The hints are case-sensitive for speed: loggers write keys in
 * lower case.
 *
 * `took`, `rt=` and `time_taken` are looked for only where a key starts (the line's start or after a
 * character that is not a word character): inside a longer word they never begin a duration key, as the
 * key is read from the word's start. Short alternatives allowed anywhere keep the expression from skipping
 * ahead as it searches: written so, it takes 110–120 ns per benchmark line instead of 200 (Node 20).
 */
const FIELD_HINT = / HTTP\/|status|duration|elapsed|latency|_time|(?:^|\W)(?:took|rt=|time_taken)/g;
/** Duration hints tried per line, so that a line full of near-keys stays cheap. */
const MAX_DURATION_HINTS = 4;
const SLASH = 47;
const EQUALS = 61;
const LOWER_S = 115;

/**
 * Reads both fields in one look at the line. An access log's status and duration come first; otherwise the
 * first `status` key that holds a status, and the first of the first four duration hints that holds one.
 */
export function readRequestFields(message: string, out: RequestFields): RequestFields {
  let accessStatus = -1;
  let accessDuration = -1;
  let keyStatus = -1;
  let keyDuration = -1;
  let requestSeen = false;
  let durationHints = 0;
  FIELD_HINT.lastIndex = 0;
  // test, not exec: no match array on a path nearly every line takes.
  while (FIELD_HINT.test(message)) {
    const end = FIELD_HINT.lastIndex;
    // The alternatives' last characters tell them apart.
    const last = message.charCodeAt(end - 1);
    // The `=` of `rt=` or the `/` of ` HTTP/` may be what the next key follows (`rt=took=5`).
    if (last === EQUALS || last === SLASH) FIELD_HINT.lastIndex = end - 1;
    if (last === SLASH) {
      if (requestSeen) continue;
      requestSeen = true;
      const close = message.indexOf('" ', end);
      if (close >= 0) {
        accessStatus = threeDigits(message, close + 2);
        if (accessStatus >= 0) accessDuration = accessLogDuration(message, close);
      }
    } else if (last === LOWER_S) {
      if (keyStatus < 0) keyStatus = statusAfterKey(message, end);
    } else if (keyDuration < 0 && durationHints < MAX_DURATION_HINTS) {
      durationHints++;
      // Start at the key's first letter, found backwards from the hint's last character.
      let at = end - 1;
      while (at > 0 && isWordChar(message.charCodeAt(at - 1))) at--;
      keyDuration = durationAt(message, at);
    }
    // Past the first request, what the key-values gave stands (an access log's fields would have won).
    const statusKnown = accessStatus >= 0 || (requestSeen && keyStatus >= 0);
    const keyDurationDone = keyDuration >= 0 || durationHints === MAX_DURATION_HINTS;
    if (statusKnown && (accessDuration >= 0 || (requestSeen && keyDurationDone))) break;
  }
  out.status = accessStatus >= 0 ? accessStatus : keyStatus;
  out.durationMs = accessDuration >= 0 ? accessDuration : keyDuration;
  return out;
}

/** The HTTP status of a request line, or -1 when it has none. */
export function readHttpStatus(message: string): number {
  return readRequestFields(message, { status: -1, durationMs: -1 }).status;
}

/** The request duration in milliseconds, or -1 when the line gives none. */
export function readDurationMs(message: string): number {
  return readRequestFields(message, { status: -1, durationMs: -1 }).durationMs;
}

/**
 * `(_code)?["']?\s*[=:]\s*["']?([1-5]\d\d)\b` right after a `status` key, written out: no match array on a
 * path nearly every line takes.
 */
function statusAfterKey(s: string, from: number): number {
  let i = skipSpaces(s, skipQuote(s, s.startsWith('_code', from) ? from + 5 : from));
  const separator = s.charCodeAt(i);
  if (separator !== 61 && separator !== 58) return -1;
  i = skipQuote(s, skipSpaces(s, i + 1));
  const first = s.charCodeAt(i) - 48;
  if (first < 1 || first > 5 || !isDigit(s.charCodeAt(i + 1)) || !isDigit(s.charCodeAt(i + 2))) return -1;
  if (isWordChar(s.charCodeAt(i + 3))) return -1;
  return first * 100 + (s.charCodeAt(i + 1) - 48) * 10 + (s.charCodeAt(i + 2) - 48);
}

function skipQuote(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c === 34 || c === 39 ? i + 1 : i;
}

/** Skips what `\s` matches. */
function skipSpaces(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    (c >= 0x2028 && c <= 0x2029) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Duration keys by their first letter, each with the unit suffixes it may carry. */
const DURATION_KEYS = new Map<number, readonly (readonly [string, readonly string[]])[]>([
  [100, [['duration', ['_ms', '_us', '_s']]]],
  [101, [['elapsed', ['_ms', '_us', '_s']]]],
  [108, [['latency', ['_ms', '_us', '_s']]]],
  [
    116,
    [
      ['took', ['_ms']],
      ['time_taken', []],
    ],
  ],
  [
    114,
    [
      ['request_time', []],
      ['response_time', ['_ms']],
      ['rt', []],
    ],
  ],
  [117, [['upstream_response_time', []]]],
]);
/** Units by their first letter. */
const UNITS = new Map<number, string>([
  [109, 'ms'],
  [117, 'us'],
  [0xb5, 'µs'],
  [110, 'ns'],
  [115, 's'],
]);

/**
 * A duration key at `at`, then `["']?\s*[=:]?\s*["']?`, a number, optional spaces and a unit, ending at a
 * word boundary, written out from a regular expression (the tests keep it as the reference) with its
 * backtracking: a unit glued to a word is no unit, and a number glued to one counts up to its fraction's
 * '.' only. The value in ms, or -1.
 */
function durationAt(s: string, at: number): number {
  let key = '';
  for (const [name, suffixes] of DURATION_KEYS.get(s.charCodeAt(at)) ?? []) {
    if (!s.startsWith(name, at)) continue;
    key = name;
    for (const suffix of suffixes) {
      if (s.startsWith(suffix, at + name.length)) {
        key = name + suffix;
        break;
      }
    }
    break;
  }
  if (key === '') return -1;
  let i = skipSpaces(s, skipQuote(s, at + key.length));
  const separator = s.charCodeAt(i);
  if (separator === 61 || separator === 58) i++;
  i = skipQuote(s, skipSpaces(s, i));
  const intStart = i;
  while (isDigit(s.charCodeAt(i))) i++;
  if (i === intStart) return -1;
  const intEnd = i;
  if (s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  const numberEnd = i;
  const unitAt = skipSpaces(s, numberEnd);
  let unit = UNITS.get(s.charCodeAt(unitAt));
  if (unit !== undefined && (!s.startsWith(unit, unitAt) || isWordChar(s.charCodeAt(unitAt + unit.length))))
    unit = undefined;
  let end = numberEnd;
  if (unit === undefined && unitAt === numberEnd && isWordChar(s.charCodeAt(numberEnd))) {
    if (numberEnd === intEnd) return -1;
    end = intEnd;
  }
  return decimalAt(s, intStart, intEnd, end) * UNIT_MS[unit ?? defaultUnit(key)];
}

/**
 * The number written in s[start, end): digits up to `intEnd`, then, if end > intEnd, a '.' and digits.
 * Read without a substring: the digits make one integer, divided by a power of ten (both exact, so the
 * quotient is rounded once, as Number() rounds); longer numbers than that allows go through Number().
 */
function decimalAt(s: string, start: number, intEnd: number, end: number): number {
  const fractionDigits = end > intEnd ? end - intEnd - 1 : 0;
  if (end - start > EXACT_DIGITS) return Number(s.slice(start, end));
  let digits = 0;
  for (let i = start; i < end; i++) if (i !== intEnd) digits = digits * 10 + (s.charCodeAt(i) - 48);
  return fractionDigits === 0 ? digits : digits / POWERS_OF_TEN[fractionDigits];
}

/** Up to 15 digits make an integer below 2^53, exact in a double. */
const EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, i) => 10 ** i);

const UNIT_MS: Record<string, number> = { ms: 1, us: 0.001, µs: 0.001, ns: 0.000001, s: 1000 };

/** nginx's request times are seconds; keys named for a unit use it; other bare numbers are milliseconds. */
function defaultUnit(key: string): string {
  if (key.endsWith('_ms')) return 'ms';
  if (key.endsWith('_us')) return 'us';
  if (key.endsWith('_s')) return 's';
  if (key === 'request_time' || key === 'upstream_response_time' || key === 'rt') return 's';
  if (key === 'time_taken') return 's';
  return 'ms';
}

/**
 * An access log's duration is the last field after the status and size (and the quoted referer and user
 * agent of the combined format): a decimal is seconds (%T, $request_time), an integer microseconds (%D).
 * `close` is the request's closing quote.
 */
function accessLogDuration(message: string, close: number): number {
  let end = message.length;
  while (end > 0 && message.charCodeAt(end - 1) === 32) end--;
  const start = message.lastIndexOf(' ', end - 1) + 1;
  // Past the status and its space there must be the size and a space before the last field.
  const sizeEnd = message.indexOf(' ', close + 6);
  if (sizeEnd < 0 || start <= sizeEnd || start <= message.lastIndexOf('"', end - 1)) return -1;
  let whole = 0;
  let fraction = 0;
  let scale = 0;
  for (let i = start; i < end; i++) {
    const c = message.charCodeAt(i);
    if (c === 46 && scale === 0) scale = 1;
    else if (c < 48 || c > 57) return -1;
    else if (scale === 0) whole = whole * 10 + (c - 48);
    else fraction += (c - 48) / (scale *= 10);
  }
  if (start === end || (scale === 1 && end - start === 1)) return -1;
  return scale === 0 ? whole / 1000 : (whole + fraction) * 1000;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function threeDigits(s: string, at: number): number {
  if (at + 3 > s.length) return -1;
  let n = 0;
  for (let i = at; i < at + 3; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  const after = s.charCodeAt(at + 3);
  if (at + 3 < s.length && after !== 32) return -1;
  return n >= 100 && n <= 599 ? n : -1;
}
