import { LEVELS, LEVEL_SEVERITY, type Level } from '../../shared/types';
import { isIndexTerm } from './log-tokenizer';

/**
 * A parsed search query. Every part must hold for a row to match (AND).
 *
 *   word            a whole word, case-insensitive, answered by the index (`word*`: any word starting so)
 *   "a phrase"      the exact text, case-insensitive
 *   93af-12, 500    anything that is not a plain word (digits, ids, punctuation) is an exact,
 *                   case-sensitive substring; 'single quotes' force that for any text
 *   /regex/flags    a JavaScript regular expression over the message
 *   host:web-1      host name; `*` is a wildcard (host:web-*); several host: parts mean any of them
 *   app:NAME  source:PATH   likewise for the application and the log path (source:*access.log)
 *   level:error     exactly that level; level:>=warn, >warn, <=info, <info; level:warn,error
 *   since:T until:T a time: ISO-8601 date or date-time (UTC unless it has an offset), epoch ms,
 *                   or a duration back from now: 30s, 15m, 2h, 1d
 */
export interface ParsedQuery {
  terms: QueryTerm[];
  phrases: string[];
  substrings: string[];
  regexes: RegExp[];
  hosts: string[];
  apps: string[];
  sources: string[];
  /** Allowed levels; null for any (rows without a level included). */
  levels: Level[] | null;
  since: number | null;
  until: number | null;
}

export interface QueryTerm {
  /** Lowercased word. */
  text: string;
  prefix: boolean;
}

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    /** Character offset in the query where the problem is. */
    readonly position: number,
  ) {
    super(message);
  }
}

const FIELDS = new Set(['host', 'app', 'source', 'level', 'since', 'until']);
const DURATION_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseQuery(text: string, now: number): ParsedQuery {
  const query: ParsedQuery = {
    terms: [],
    phrases: [],
    substrings: [],
    regexes: [],
    hosts: [],
    apps: [],
    sources: [],
    levels: null,
    since: null,
    until: null,
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(text, i);
      if (value.length > 0) (c === '"' ? query.phrases : query.substrings).push(value);
      i = end;
      continue;
    }
    if (c === '/') {
      const { regex, end } = readRegex(text, i);
      query.regexes.push(regex);
      i = end;
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i]) && text[i] !== '"') i++;
    let word = text.slice(start, i);
    const colon = word.indexOf(':');
    const field = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if (FIELDS.has(field)) {
      let value = word.slice(colon + 1);
      if (value === '' && (text[i] === '"' || text[i] === "'")) {
        const quoted = readQuoted(text, i);
        value = quoted.value;
        i = quoted.end;
      }
      if (value === '') throw new QuerySyntaxError(`${field}: needs a value`, start);
      applyField(query, field, value, now, start);
      continue;
    }
    if (word.endsWith('*') && isIndexTerm(word.slice(0, -1).toLowerCase())) {
      query.terms.push({ text: word.slice(0, -1).toLowerCase(), prefix: true });
      continue;
    }
    word = word.trim();
    if (isIndexTerm(word.toLowerCase())) query.terms.push({ text: word.toLowerCase(), prefix: false });
    else query.substrings.push(word);
  }
  return query;
}

/** True when the query asks nothing: every row matches. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return (
    q.terms.length + q.phrases.length + q.substrings.length + q.regexes.length === 0 &&
    q.hosts.length + q.apps.length + q.sources.length === 0 &&
    q.levels === null &&
    q.since === null &&
    q.until === null
  );
}

function applyField(query: ParsedQuery, field: string, value: string, now: number, at: number): void {
  switch (field) {
    case 'host':
      query.hosts.push(value);
      return;
    case 'app':
      query.apps.push(value);
      return;
    case 'source':
      query.sources.push(value);
      return;
    case 'level':
      query.levels = intersect(query.levels, parseLevels(value, at));
      return;
    // Like every part, repeated bounds must all hold: the latest since and the earliest until.
    case 'since':
      query.since = Math.max(query.since ?? -Infinity, parseTime(value, now, at));
      return;
    case 'until':
      query.until = Math.min(query.until ?? Infinity, parseTime(value, now, at));
      return;
  }
}

function intersect(a: Level[] | null, b: Level[]): Level[] {
  return a === null ? b : a.filter((level) => b.includes(level));
}

function parseLevels(value: string, at: number): Level[] {
  const m = /^(>=|<=|>|<|=)?(.+)$/.exec(value.toLowerCase())!;
  const op = m[1] ?? '=';
  const names = m[2].split(',').map((name) => toLevel(name, at));
  if (op === '=') return [...new Set(names)];
  if (names.length > 1) throw new QuerySyntaxError(`level:${op} takes one level, not a list`, at);
  const bound = LEVEL_SEVERITY[names[0]];
  return LEVELS.filter((level) => {
    const s = LEVEL_SEVERITY[level];
    return op === '>=' ? s >= bound : op === '>' ? s > bound : op === '<=' ? s <= bound : s < bound;
  });
}

const LEVEL_ALIASES: Record<string, Level> = {
  warning: 'warn',
  err: 'error',
  crit: 'fatal',
  critical: 'fatal',
};

function toLevel(name: string, at: number): Level {
  const level = (LEVELS as readonly string[]).includes(name) ? (name as Level) : LEVEL_ALIASES[name];
  if (level === undefined)
    throw new QuerySyntaxError(`unknown level "${name}": use one of ${LEVELS.join(', ')}`, at);
  return level;
}

function parseTime(value: string, now: number, at: number): number {
  const duration = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value);
  if (duration) return now - Number(duration[1]) * DURATION_MS[duration[2]];
  if (/^\d{10,}$/.test(value)) return Number(value);
  const zoneless = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value);
  const ms = Date.parse(zoneless && value.length > 10 ? `${value.replace(' ', 'T')}Z` : value);
  if (Number.isNaN(ms))
    throw new QuerySyntaxError(
      `cannot read the time "${value}": use an ISO-8601 date-time, epoch ms, or a duration such as 15m`,
      at,
    );
  return ms;
}

function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i++];
  }
  if (i >= text.length) throw new QuerySyntaxError(`unclosed ${quote}`, start);
  return { value, end: i + 1 };
}

function readRegex(text: string, start: number): { regex: RegExp; end: number } {
  let i = start + 1;
  let inClass = false;
  while (i < text.length && (text[i] !== '/' || inClass)) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[') inClass = true;
    else if (text[i] === ']') inClass = false;
    i++;
  }
  if (i >= text.length) throw new QuerySyntaxError('unclosed /regex/', start);
  const source = text.slice(start + 1, i);
  let end = i + 1;
  while (end < text.length && /[a-z]/.test(text[end])) end++;
  const flags = text.slice(i + 1, end);
  if (source === '') throw new QuerySyntaxError('empty /regex/', start);
  if (/[^imsu]/.test(flags))
    throw new QuerySyntaxError(`regex flags may be i, m, s and u, not "${flags}"`, i + 1);
  try {
    return { regex: new RegExp(source, flags), end };
  } catch (err) {
    throw new QuerySyntaxError(`invalid regular expression /${source}/: ${(err as Error).message}`, start);
  }
}
