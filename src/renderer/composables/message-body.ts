import type { Level } from '../../shared/types';

// The stream's message column leaves out what the row already shows in its own columns: a leading
// timestamp (or an access log's bracketed one after the client fields), and the level word after it when it
// is the row's level. Only the display is shortened; the context view, copies, search and snapshots keep the
// whole line as written.

/**
 * ISO-8601 / RFC 3339 (space or T, fractions with . or ,, optional zone; nginx's and Go's slashes too), a
 * syslog `Mon dd hh:mm:ss`, or a ctime stamp with the year last (Apache's error log: `[Dow Mon dd hh:mm:ss.us yyyy]`).
 */
const LEADING_STAMP =
  /^\[?(?:\d{4}([-/])\d\d\1\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,9})? \d{4})\]?[ \t]+/;
/** An access log's `[dd/Mon/yyyy:hh:mm:ss zone]` after the client, ident and user fields. */
const ACCESS_STAMP = /^(\S+ \S+ \S+) \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?: [+-]\d{4})?\] /;
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

/** The message as the stream's message column shows it. */
export function messageBody(message: string, level: Level | null): string {
  const access = ACCESS_STAMP.exec(message);
  if (access) return `${access[1]} ${message.slice(access[0].length)}`;
  const stamp = LEADING_STAMP.exec(message);
  if (!stamp) return message;
  let body = message.slice(stamp[0].length);
  const word = LEADING_LEVEL.exec(body);
  if (word && level !== null && LEVEL_WORDS[word[1].toLowerCase()] === level)
    body = body.slice(word[0].length);
  return body.length > 0 ? body : message;
}
