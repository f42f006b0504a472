import { JSON_LEVEL_KEYS, JSON_TEXT_KEYS, JSON_TIME_KEYS } from '../../shared/json-log-keys';
import type { Level } from '../../shared/types';

// The stream's message column leaves out what the row already shows in its own columns: a leading
// timestamp (or an access log's bracketed one after the client fields), and the level word after it when it
// is the row's level. A JSON line shows its text first, then its other fields. Only the display changes; the
// context view, copies, search and snapshots keep the whole line as written.

/**
 * ISO-8601 / RFC 3339 (space or T, fractions with . or ,, optional zone; nginx's and Go's slashes too), a
 * syslog `Mon dd hh:mm:ss`, or a ctime stamp with the year last (Apache's error log: `[Dow Mon dd hh:mm:ss.us yyyy]`).
 */
const LEADING_STAMP =
  /^\[?(?:\d{4}([-/])\d\d\1\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,9})? \d{4})\]?[ \t]+/;
/** An access log's `[dd/Mon/yyyy:hh:mm:ss zone]` after the client, ident and user fields. */
const ACCESS_STAMP = /^(\S+ \S+ \S+) \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?: [+-]\d{4})?\] /;
/**
 * Stamps whose level is a letter and a process id follows: klog/glog (`I1204 10:00:00.123456    1234 `) and
 * Android's logcat (`12-04 10:00:00.123  1234  5678 E `). The source location or tag after them stays.
 */
const LETTER_LEVEL_STAMP =
  /^(?:[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ |\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+ +\d+ [VDIWEFA] +)/;
const LEADING_LEVEL = /^\[?([A-Za-z]{3,8})\]?:?[ \t]+/;

const LEVEL_WORDS: Record<string, Level> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
};

/** Longest JSON line read for display: a row shows far less, and parsing stays cheap while scrolling. */
const MAX_JSON_CHARS = 16 * 1024;
/** A field value written bare: no blank, quote or `=` that would make `key=value` ambiguous. */
const BARE_VALUE = /^[^\s"=]+$/;

/** The message as the stream's message column shows it. */
export function messageBody(message: string, level: Level | null): string {
  const text = jsonBody(message) || message;
  const access = ACCESS_STAMP.exec(text);
  if (access) return `${access[1]} ${text.slice(access[0].length)}`;
  const letter = LETTER_LEVEL_STAMP.exec(text);
  if (letter && letter[0].length < text.length) return text.slice(letter[0].length);
  const stamp = LEADING_STAMP.exec(text);
  if (!stamp) return text;
  let body = text.slice(stamp[0].length);
  const word = LEADING_LEVEL.exec(body);
  if (word && level !== null && LEVEL_WORDS[word[1].toLowerCase()] === level)
    body = body.slice(word[0].length);
  return body.length > 0 ? body : text;
}

/**
 * A JSON object line as its text (`msg`, `message`, Docker's `log`, …) followed by its other fields as
 * `key=value`, time and level left out; null for anything else, or an object with no text field.
 */
function jsonBody(message: string): string | null {
  if (message.length > MAX_JSON_CHARS || !message.startsWith('{') || !message.trimEnd().endsWith('}'))
    return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const fields = parsed as Record<string, unknown>;
  const textKey = JSON_TEXT_KEYS.find((key) => typeof fields[key] === 'string');
  if (textKey === undefined) return null;
  const text = (fields[textKey] as string).replace(/\s+$/, '');
  // Left out: the text, shown first, and the time and level fields the parser reads (the first present).
  const shown = new Set([
    textKey,
    firstPresent(fields, JSON_TIME_KEYS),
    firstPresent(fields, JSON_LEVEL_KEYS),
  ]);
  const rest = Object.entries(fields)
    .filter(([key]) => !shown.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  return rest.length > 0 ? `${text}  ${rest.join(' ')}` : text;
}

function firstPresent(fields: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return keys.find((key) => fields[key] !== undefined && fields[key] !== null);
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return BARE_VALUE.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
