import type { Level } from '../../../shared/types';

// Level normalisation: words, single letters, syslog priorities, numeric levels and HTTP status codes.

const WORDS: Record<string, Level> = {
  fatal: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  alert: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  // Serilog's three-letter levels: VRB DBG INF WRN ERR FTL.
  ftl: 'fatal',
  error: 'error',
  err: 'error',
  eror: 'error',
  severe: 'error',
  failure: 'error',
  // .NET's console logger: trce dbug info warn fail crit.
  fail: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  // MySQL 5.x's [Note].
  note: 'info',
  config: 'info',
  debug: 'debug',
  // PostgreSQL's DEBUG1 … DEBUG5, and its LOG (server messages of normal operation).
  debug1: 'debug',
  debug2: 'debug',
  debug3: 'debug',
  debug4: 'debug',
  debug5: 'debug',
  log: 'info',
  dbg: 'debug',
  dbug: 'debug',
  fine: 'debug',
  trace: 'trace',
  trc: 'trace',
  trce: 'trace',
  finer: 'trace',
  finest: 'trace',
  verbose: 'trace',
  vrb: 'trace',
};

/** Every spelling the scanners meet, in the three cases logs use, so lookups need no toLowerCase. */
const ANY_CASE = new Map<string, Level>();
/** Upper-case spellings only: trusted further from the timestamp, where lower-case words are prose. */
const UPPER_CASE = new Map<string, Level>();
for (const [word, level] of Object.entries(WORDS)) {
  const upper = word.toUpperCase();
  ANY_CASE.set(word, level);
  ANY_CASE.set(upper, level);
  ANY_CASE.set(word[0].toUpperCase() + word.slice(1), level);
  UPPER_CASE.set(upper, level);
}

/** Keys of logfmt pairs whose value is the line's level. */
export const LOGFMT_LEVEL_KEYS: ReadonlySet<string> = new Set(['level', 'lvl', 'severity', 'loglevel']);

export const LONGEST_LEVEL_WORD = Math.max(...Object.keys(WORDS).map((w) => w.length));

/** A level word in any case (`ERROR`, `Err`, `warning`, `SEVERE`, `notice`), or null. */
export function levelFromWord(word: string): Level | null {
  return ANY_CASE.get(word) ?? ANY_CASE.get(word.toLowerCase()) ?? null;
}

/** Go slog's levels between the named ones: a level word and an offset (`DEBUG+2`, `INFO-4`, `ERROR+8`). */
const OFFSET_LEVEL = /^([A-Za-z]{3,11})[+-]\d{1,2}$/;

/** A level field's value (`level=…`, `"level":"…"`): a level word, or one with slog's offset. */
export function levelFromFieldValue(value: string): Level | null {
  const level = levelFromWord(value);
  if (level !== null) return level;
  const offset = OFFSET_LEVEL.exec(value);
  return offset === null ? null : levelFromWord(offset[1]);
}

/** A level word written in capitals, or null. */
export function levelFromUpperWord(word: string): Level | null {
  return UPPER_CASE.get(word) ?? null;
}

/**
 * A line opening with a level in capitals and a colon (`ERROR:root:…`, `SEVERE: …`), or null. Words up to
 * `CRITICAL`'s eight letters: Python's and java.util.logging's level names.
 */
export function levelBeforeColon(line: string): Level | null {
  const colon = line.indexOf(':');
  return colon > 0 && colon <= 8 ? levelFromUpperWord(line.slice(0, colon)) : null;
}

/** Single-letter levels of logcat and klog (V D I W E F A), and Python's critical (C, Tornado's logs). */
export function levelFromLetter(code: number): Level | null {
  switch (code | 32) {
    case 0x66: // f
    case 0x61: // a (logcat assert)
    case 0x63: // c
      return 'fatal';
    case 0x65: // e
      return 'error';
    case 0x77: // w
      return 'warn';
    case 0x69: // i
    case 0x6e: // n (notice)
      return 'info';
    case 0x64: // d
      return 'debug';
    case 0x76: // v
    case 0x74: // t
      return 'trace';
    default:
      return null;
  }
}

const SYSLOG_SEVERITY: readonly Level[] = [
  'fatal',
  'fatal',
  'fatal',
  'error',
  'warn',
  'info',
  'info',
  'debug',
];

/** Syslog `<PRI>`: severity is PRI & 7 (0 emerg … 7 debug). */
export function levelFromSyslogPriority(priority: number): Level {
  return SYSLOG_SEVERITY[priority & 7];
}

/** Numeric levels of Bunyan/Pino (10 trace … 60 fatal), or syslog severities 0–7. */
export function levelFromNumber(value: number): Level | null {
  if (value >= 0 && value <= 7 && Number.isInteger(value)) return SYSLOG_SEVERITY[value];
  if (value >= 60) return 'fatal';
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  if (value >= 20) return 'debug';
  if (value >= 10) return 'trace';
  return null;
}

/** Access logs: 5xx is an error, 4xx a warning, anything else informational. */
export function levelFromHttpStatus(status: number): Level {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}
