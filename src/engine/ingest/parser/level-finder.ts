import type { Level } from '../../../shared/types';
import {
  levelFromFieldValue,
  levelFromSyslogPriority,
  levelFromUpperWord,
  levelFromWord,
  LOGFMT_LEVEL_KEYS,
  LONGEST_LEVEL_WORD,
} from './levels';
import { isDigit, isLetter } from './scan';

// Most text formats put the level among the first few fields after the timestamp (`INFO`, `[warn]`,
// `- ERROR -`, `<Warning>`, `, Info`), sometimes after a pid or thread. Near the stamp any case counts;
// further on only capitals, because lower-case words there are usually prose.

const NEAR_TOKENS = 4;
const FAR_TOKENS = 8;

/** End of the token in which the level was found by the last `findLevel`. */
export const levelCursor = { end: 0 };

export function findLevel(line: string, pos: number): Level | null {
  const length = line.length;
  let i = pos;
  let token = 0;
  while (token < FAR_TOKENS && i < length) {
    while (i < length && isBlank(line.charCodeAt(i))) i++;
    let start = i;
    while (i < length && !isBlank(line.charCodeAt(i))) i++;
    let end = i;
    // Brackets standing alone are no field: ClickHouse's `[ 1234 ] {} <Error>` has its level second.
    if (isBracketsOnly(line, start, end)) continue;
    while (start < end && isOpener(line.charCodeAt(start))) start++;
    while (end > start && isCloser(line.charCodeAt(end - 1))) end--;
    const near = token < NEAR_TOKENS;
    const size = end - start;
    if (size >= 3 && size <= LONGEST_LEVEL_WORD && isLetter(line.charCodeAt(start))) {
      const word = line.slice(start, end);
      const level = near ? levelFromWord(word) : levelFromUpperWord(word);
      if (level !== null) {
        levelCursor.end = i;
        return level;
      }
    }
    const level =
      colonFieldLevel(line, start, end) ??
      (near ? (channelLevel(line, start, end) ?? bracketedLevel(line, start, end)) : null) ??
      gluedLevel(line, start, end, near) ??
      mnemonicLevel(line, start, end) ??
      pairLevel(line, start, end);
    if (level !== null) {
      levelCursor.end = i;
      return level;
    }
    token++;
  }
  return null;
}

/**
 * The capitalised level word after the last colon of token [start, end), if the token has such a field, or
 * between the first two when the token opens with a colon (Python's `%(asctime)s:%(levelname)s:%(name)s`
 * gives `2024-03-01 12:00:00,123:DEBUG:certbot.main:…`).
 */
function colonFieldLevel(line: string, start: number, end: number): Level | null {
  if (line.charCodeAt(start) === 58) {
    const next = line.indexOf(':', start + 1);
    const level = next > start && next < end ? upperLevelBetween(line, start + 1, next) : null;
    if (level !== null) return level;
  }
  const colon = line.lastIndexOf(':', end - 1);
  return colon < start ? null : upperLevelBetween(line, colon + 1, end);
}

/**
 * A capitalised level after the last dot or slash: Monolog's (Laravel's, Symfony's) `channel.LEVEL`
 * (`production.ERROR:`), and log4j's `[%t/%level]` of Minecraft servers (`[Server thread/WARN]:`).
 */
function channelLevel(line: string, start: number, end: number): Level | null {
  const separator = Math.max(line.lastIndexOf('.', end - 1), line.lastIndexOf('/', end - 1));
  return separator <= start ? null : upperLevelBetween(line, separator + 1, end);
}

/**
 * A capitalised level in brackets after a name in the same token: cloud-init's `util.py[DEBUG]:`, and Salt's
 * `[salt.minion :1234][ERROR   ][5678]`, whose level is padded to its bracket's end.
 */
function bracketedLevel(line: string, start: number, end: number): Level | null {
  const open = line.indexOf('[', start + 1);
  if (open < 0 || open >= end) return null;
  const close = line.indexOf(']', open + 1);
  return upperLevelBetween(line, open + 1, close < 0 || close > end ? end : close);
}

/** The level word in capitals that is exactly line[from, to), or null. */
function upperLevelBetween(line: string, from: number, to: number): Level | null {
  const size = to - from;
  if (size < 3 || size > LONGEST_LEVEL_WORD || !isLetter(line.charCodeAt(from))) return null;
  return levelFromUpperWord(line.slice(from, to));
}

/**
 * A level word glued to the next field: `[info][gc]` (JVM unified logging), `NOTICE[1234]` (Asterisk),
 * `INFO/MainProcess` (Celery), `INFO|MyApp.Program|` (NLog), `information/ApiListener:` (Icinga). After a closing
 * bracket any case counts near the stamp; before an opening bracket, a slash or a bar only capitals, since
 * `error/handler.go` is a path, but for a slash before a name that ends the field with a colon near the stamp.
 */
function gluedLevel(line: string, start: number, end: number, near: boolean): Level | null {
  let i = start;
  while (i < end && i - start <= LONGEST_LEVEL_WORD && isLetterOrDigit(line.charCodeAt(i))) i++;
  if (i === end || i - start < 3 || !isLetter(line.charCodeAt(start))) return null;
  const next = line.charCodeAt(i);
  const word = line.slice(start, i);
  if (next === 93 || next === 41 || next === 62) return near ? levelFromWord(word) : levelFromUpperWord(word);
  if (next === 47 && near && isFacilityAfter(line, i + 1, end)) return levelFromWord(word);
  if (next === 91 || next === 47 || next === 124) return levelFromUpperWord(word);
  return null;
}

/** Icinga's `severity/Facility:`: line[from, end) is a name of letters and digits ending the field with a colon. */
function isFacilityAfter(line: string, from: number, end: number): boolean {
  if (line.charCodeAt(end) !== 58 || end === from) return false;
  for (let i = from; i < end; i++) if (!isLetterOrDigit(line.charCodeAt(i))) return false;
  return true;
}

/** The severity digit of a Cisco message mnemonic, `%FACILITY-SEVERITY-MNEMONIC` (`%LINK-3-UPDOWN`): syslog's 0–7. */
export function mnemonicLevel(line: string, start: number, end: number): Level | null {
  if (line.charCodeAt(start) !== 37) return null;
  let i = start + 1;
  while (i < end && isMnemonicChar(line.charCodeAt(i))) i++;
  const severity = line.charCodeAt(i + 1) - 48;
  if (i === start + 1 || line.charCodeAt(i) !== 45 || severity < 0 || severity > 7) return null;
  if (line.charCodeAt(i + 2) !== 45) return null;
  return levelFromSyslogPriority(severity);
}

/** Keys whose value is the level when the fields after a stamp are key=value pairs: logfmt's, and Heroku's `at`. */
const PAIR_LEVEL_KEYS = new Set([...LOGFMT_LEVEL_KEYS, 'at']);
const LONGEST_PAIR_LEVEL_KEY = 8;

/**
 * A level given as a key=value pair after the stamp: logfmt behind a stamp (`2024-… level=error msg=…`,
 * Docker's and Go kit's), Heroku's router (`heroku[router]: at=error code=H12`). Only those keys: in
 * `error=false` or `status=error` the word is no level.
 */
function pairLevel(line: string, start: number, end: number): Level | null {
  const equals = line.indexOf('=', start);
  if (equals <= start || equals >= end - 1 || equals - start > LONGEST_PAIR_LEVEL_KEY) return null;
  if (!PAIR_LEVEL_KEYS.has(line.slice(start, equals).toLowerCase())) return null;
  let from = equals + 1;
  let to = end;
  if (line.charCodeAt(from) === 34 && line.charCodeAt(to - 1) === 34) {
    from++;
    to--;
  }
  return to > from ? levelFromFieldValue(line.slice(from, to)) : null;
}

function isMnemonicChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** Whether line[start, end) is only brackets, braces and parentheses (`[`, `]`, `{}`, `()`). */
function isBracketsOnly(line: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = line.charCodeAt(i);
    if (code !== 91 && code !== 93 && code !== 123 && code !== 125 && code !== 40 && code !== 41)
      return false;
  }
  return end > start;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

function isLetterOrDigit(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

/** Brackets and separators that wrap a level: `[INFO]`, `<warn>`, `(E)`, `|`, `-`, and `][INFO ]` of fields in brackets. */
function isOpener(code: number): boolean {
  return (
    code === 91 || code === 93 || code === 60 || code === 40 || code === 124 || code === 45 || code === 44
  );
}

function isCloser(code: number): boolean {
  return (
    code === 93 || code === 62 || code === 41 || code === 58 || code === 44 || code === 124 || code === 45
  );
}
