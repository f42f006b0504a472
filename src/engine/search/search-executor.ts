import { levelCode } from '../store/row-flags';
import type { LogStore } from '../store/log-store';
import type { Segment } from '../store/segment';
import type { Indexer } from './indexer';
import { escapeRegExp, innerTerms, termPattern } from './log-tokenizer';
import type { ParsedQuery, QueryTerm } from './query-parser';
import { requiredLiteral } from './required-literal';

export interface SearchOptions {
  /** Most indexes returned (the total counts them all). */
  limit: number;
  newestFirst: boolean;
  /** Matches to skip, for paging through results. */
  from: number;
}

export interface SearchMatches {
  /** Every matching row in the window. */
  total: number;
  /** Row indexes in the merged order (0 = oldest in the window). */
  indexes: number[];
  /** Rows answered by scanning because they were not indexed yet. */
  scannedRows: number;
}

/** A query compiled against the store's streams: lookups by stream id and level code. */
interface Plan {
  streamOk: Uint8Array | null;
  levelOk: Uint8Array | null;
  since: number;
  until: number;
  /** Words the index answers; for rows it has not covered, `termChecks` scan for them. */
  indexTerms: QueryTerm[];
  termChecks: RegExp[];
  /** Exact substrings, found by a byte search of the arena. */
  needles: Buffer[];
  /** Literals every match of a regex contains: a byte search narrows the rows the regex runs on. */
  literals: { literal: Buffer; regex: RegExp }[];
  /** "Phrases": checked on the bytes of ASCII segments when ASCII themselves, else on the text. */
  phrases: { lowered: Uint8Array | null; regex: RegExp }[];
  /** Regexes, checked on the message text. */
  textChecks: RegExp[];
}

/**
 * Runs a parsed query over the window, segment by segment: column filters (host, app, source, level,
 * time) on the typed arrays, words through the segment's index (a scan for rows not indexed yet), exact
 * substrings by a byte search of the message arena, phrases and regexes on the remaining candidates.
 */
export function searchStore(
  store: LogStore,
  indexer: Indexer,
  query: ParsedQuery,
  options: SearchOptions,
): SearchMatches {
  const plan = compile(store, query);
  const hits: SegmentHits[] = [];
  let total = 0;
  let scannedRows = 0;
  for (const segment of store.segments) {
    const lo = Math.max(store.evicted, segment.firstRow) - segment.firstRow;
    const hi = segment.count;
    if (lo >= hi || segment.maxTs < plan.since || segment.minTs > plan.until) continue;
    const mask = new Uint8Array(hi);
    if (filterColumns(segment, plan, mask, lo, hi) === 0) continue;
    const index = indexer.indexOf(segment);
    const indexedEnd = Math.max(lo, Math.min(hi, index?.indexed ?? 0));
    if (plan.indexTerms.length > 0) {
      const marks = index && indexedEnd > lo ? index.matchTemplates(plan.indexTerms) : null;
      const templateOf = index?.templateOf;
      for (let r = lo; r < indexedEnd; r++)
        if (mask[r] === 1 && (marks === null || marks[templateOf![r]] !== 1)) mask[r] = 0;
      if (indexedEnd < hi) scannedRows += checkText(segment, plan.termChecks, mask, indexedEnd, hi);
    }
    for (const needle of plan.needles) findBytes(segment, needle, mask, lo, hi, Infinity);
    const narrowed = new Set<RegExp>();
    for (const { literal, regex } of plan.literals)
      if (findBytes(segment, literal, mask, lo, hi, DENSE_LITERAL_SHARE)) narrowed.add(regex);
    const textChecks: RegExp[] = [];
    for (const { lowered, regex } of plan.phrases) {
      if (segment.ascii && lowered !== null) keepPhraseBytes(segment, lowered, mask, lo, hi);
      else textChecks.push(regex);
    }
    checkText(segment, [...textChecks, ...plan.textChecks], mask, lo, hi, narrowed);
    let count = 0;
    for (let r = lo; r < hi; r++) count += mask[r];
    if (count === 0) continue;
    hits.push({ mask, lo, hi, base: segment.firstRow - store.evicted, count });
    total += count;
  }
  const from = Math.min(options.from, total);
  const wanted = Math.min(total, from + options.limit) - from;
  return { total, indexes: pageOf(hits, from, wanted, options.newestFirst), scannedRows };
}

/** A segment's matching rows: a 0/1 mask over its rows [lo, hi), and how many are set. */
interface SegmentHits {
  mask: Uint8Array;
  lo: number;
  hi: number;
  /** Window index of the segment's row 0. */
  base: number;
  count: number;
}

/**
 * The window indexes of `wanted` matches after skipping `skip`, oldest first or newest first. Only
 * the page asked for is listed: a broad query matches most of a million rows, and listing them all
 * (to keep a page of 200) was most of its time.
 */
function pageOf(hits: readonly SegmentHits[], skip: number, wanted: number, newestFirst: boolean): number[] {
  const indexes: number[] = [];
  for (let k = 0; k < hits.length && indexes.length < wanted; k++) {
    const { mask, lo, hi, base, count } = hits[newestFirst ? hits.length - 1 - k : k];
    if (skip >= count) {
      skip -= count;
      continue;
    }
    for (let i = 0; i < hi - lo && indexes.length < wanted; i++) {
      const r = newestFirst ? hi - 1 - i : lo + i;
      if (mask[r] === 0) continue;
      if (skip > 0) skip--;
      else indexes.push(base + r);
    }
  }
  return indexes;
}

function compile(store: LogStore, query: ParsedQuery): Plan {
  const streams = store.streams.streams;
  let streamOk: Uint8Array | null = null;
  if (query.hosts.length + query.apps.length + query.sources.length > 0) {
    const host = anyOf(query.hosts);
    const app = anyOf(query.apps);
    const source = anyOf(query.sources);
    streamOk = new Uint8Array(streams.length);
    streams.forEach((s, id) => (streamOk![id] = host(s.host) && app(s.app) && source(s.source) ? 1 : 0));
  }
  let levelOk: Uint8Array | null = null;
  if (query.levels !== null) {
    levelOk = new Uint8Array(8);
    for (const level of query.levels) levelOk[levelCode(level)] = 1;
  }
  const phraseTerms = query.phrases.flatMap(innerTerms).map((text) => ({ text, prefix: false }));
  const indexTerms = [...query.terms, ...phraseTerms];
  const regexes = query.regexes.map(nonGlobal);
  const literals = regexes.map(requiredLiteral);
  return {
    streamOk,
    levelOk,
    since: query.since ?? -Infinity,
    until: query.until ?? Infinity,
    indexTerms,
    termChecks: indexTerms.map((t) => termPattern(t.text, t.prefix)),
    needles: query.substrings.map((s) => Buffer.from(s, 'utf8')),
    literals: regexes.flatMap((regex, i) =>
      literals[i] === null ? [] : [{ literal: Buffer.from(literals[i], 'utf8'), regex }],
    ),
    phrases: query.phrases.map((p) => ({
      lowered: /^[\x20-\x7e]+$/.test(p) ? Buffer.from(p.toLowerCase(), 'latin1') : null,
      regex: new RegExp(escapeRegExp(p), 'i'),
    })),
    textChecks: regexes,
  };
}

/** A name filter: exact names, `*` matching any run of characters; an empty list accepts all. */
function anyOf(patterns: string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => true;
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`));
  return (name) => exact.has(name) || globs.some((g) => g.test(name));
}

function nonGlobal(regex: RegExp): RegExp {
  return regex.global || regex.sticky ? new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')) : regex;
}

function filterColumns(segment: Segment, plan: Plan, mask: Uint8Array, lo: number, hi: number): number {
  const { streamOk, levelOk, since, until } = plan;
  const timed = since !== -Infinity || until !== Infinity;
  const { stream, flags, ts } = segment;
  let kept = 0;
  for (let r = lo; r < hi; r++) {
    if (streamOk !== null && streamOk[stream[r]] !== 1) continue;
    if (levelOk !== null && levelOk[flags[r] & 7] !== 1) continue;
    if (timed && (ts[r] < since || ts[r] > until)) continue;
    mask[r] = 1;
    kept++;
  }
  return kept;
}

/**
 * Beyond this share of a segment's rows holding a regex's literal, one pass of the regex over the decoded
 * text is cheaper than a byte search per row: the literal search gives up and leaves the rows to the regex.
 */
const DENSE_LITERAL_SHARE = 1 / 8;

/** Rows holding a literal found before its density is judged from the rows searched so far. */
const DENSITY_SAMPLE_HITS = 256;

/**
 * Keeps the rows of [lo, hi) whose message contains `needle`, found by a byte search of the arena. Once
 * more than `denseShare` of the segment's rows hold it, or of the rows searched when the first
 * DENSITY_SAMPLE_HITS are found, stops and changes nothing; returns whether the rows were narrowed.
 */
function findBytes(
  segment: Segment,
  needle: Buffer,
  mask: Uint8Array,
  lo: number,
  hi: number,
  denseShare: number,
): boolean {
  const hit = new Uint8Array(hi);
  const { arena, starts } = segment;
  const end = starts[hi];
  const maxHits = (hi - lo) * denseShare;
  let hits = 0;
  let pos = arena.indexOf(needle, starts[lo]);
  while (pos >= 0 && pos + needle.length <= end) {
    const row = segment.rowAtByte(pos);
    if (pos + needle.length <= starts[row + 1]) {
      hit[row] = 1;
      if (++hits > maxHits) return false;
      if (hits === DENSITY_SAMPLE_HITS && hits > (row + 1 - lo) * denseShare) return false;
      pos = arena.indexOf(needle, starts[row + 1]);
    } else {
      pos = arena.indexOf(needle, pos + 1);
    }
  }
  for (let r = lo; r < hi; r++) mask[r] &= hit[r];
  return true;
}

/** Byte → the same byte with ASCII capitals lowered. */
const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 65 && b <= 90 ? b + 32 : b));

/**
 * Keeps the rows of [lo, hi) of an ASCII segment whose message contains the phrase, ignoring case
 * (`lowered`: its printable ASCII bytes, lowercased), compared on the arena's bytes: no text is decoded.
 */
function keepPhraseBytes(
  segment: Segment,
  lowered: Uint8Array,
  mask: Uint8Array,
  lo: number,
  hi: number,
): void {
  const { arena, starts } = segment;
  const n = lowered.length;
  const first = lowered[0];
  for (let r = lo; r < hi; r++) {
    if (mask[r] !== 1) continue;
    let found = false;
    const last = starts[r + 1] - n;
    for (let i = starts[r]; i <= last && !found; i++) {
      if (LOWER[arena[i]] !== first) continue;
      let k = 1;
      while (k < n && LOWER[arena[i + k]] === lowered[k]) k++;
      found = k === n;
    }
    if (!found) mask[r] = 0;
  }
}

/** Below this share of candidate rows, messages are decoded one by one instead of the whole segment at once. */
const BULK_SHARE = 1 / 16;

/** Keeps the rows of [lo, hi) whose message matches every check; returns the rows examined. */
function checkText(
  segment: Segment,
  checks: RegExp[],
  mask: Uint8Array,
  lo: number,
  hi: number,
  narrowed: ReadonlySet<RegExp> = new Set(),
): number {
  if (checks.length === 0) return 0;
  let candidates = 0;
  for (let r = lo; r < hi; r++) candidates += mask[r];
  if (candidates === 0) return 0;
  if (!segment.ascii || candidates < (hi - lo) * BULK_SHARE) {
    for (let r = lo; r < hi; r++) {
      if (mask[r] !== 1) continue;
      const message = segment.message(r);
      if (!checks.every((check) => check.test(message))) mask[r] = 0;
    }
    return candidates;
  }
  // An ASCII segment is decoded a run of rows at a time (every byte is a character, so arena offsets are
  // string offsets): short strings die young, where a whole segment's text cost a full collection.
  const bulk = checks.map((check) => !narrowed.has(check) && isBulkSafe(check));
  const global = checks.map((check) => new RegExp(check.source, `${check.flags.replace('g', '')}g`));
  const { starts } = segment;
  for (let from = lo; from < hi;) {
    let to = from + 1;
    while (to < hi && starts[to + 1] - starts[from] <= DECODE_CHUNK_BYTES) to++;
    const base = starts[from];
    const text = segment.arena.toString('latin1', base, starts[to]);
    for (let c = 0; c < checks.length; c++) {
      if (bulk[c]) scanBulk(segment, text, base, checks[c], global[c], mask, from, to);
      else scanRows(segment, text, base, checks[c], mask, from, to);
    }
    from = to;
  }
  return candidates;
}

/** Bytes of message text decoded at once by a bulk scan (small enough for V8's young generation). */
const DECODE_CHUNK_BYTES = 64 * 1024;

/**
 * True when a match inside one message is also a match of the messages laid end to end: no anchors,
 * word boundaries or lookarounds, which could see (or miss) the neighbouring message.
 */
function isBulkSafe(regex: RegExp): boolean {
  return !/[$^]|\\[bB]|\(\?[=!<]/.test(regex.source) && !regex.sticky;
}

/** One pass of the regex over the whole text; a match crossing a message's end is checked on that message. */
function scanBulk(
  segment: Segment,
  text: string,
  base: number,
  check: RegExp,
  global: RegExp,
  mask: Uint8Array,
  lo: number,
  hi: number,
): void {
  const { starts } = segment;
  const hit = new Uint8Array(hi - lo);
  global.lastIndex = 0;
  let m = global.exec(text);
  while (m !== null) {
    const row = segment.rowAtByte(base + m.index);
    if (row >= hi) break;
    const rowStart = starts[row] - base;
    const rowEnd = starts[row + 1] - base;
    if (mask[row] === 1) {
      const inside = m.index + m[0].length <= rowEnd;
      if (inside || check.test(text.slice(rowStart, rowEnd))) hit[row - lo] = 1;
    }
    // The row is decided: go on at the next one.
    global.lastIndex = Math.max(rowEnd, m.index + 1);
    m = global.exec(text);
  }
  for (let r = lo; r < hi; r++) mask[r] &= hit[r - lo];
}

function scanRows(
  segment: Segment,
  text: string,
  base: number,
  check: RegExp,
  mask: Uint8Array,
  lo: number,
  hi: number,
): void {
  const { starts } = segment;
  for (let r = lo; r < hi; r++) {
    if (mask[r] === 1 && !check.test(text.slice(starts[r] - base, starts[r + 1] - base))) mask[r] = 0;
  }
}
