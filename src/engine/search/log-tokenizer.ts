// How log text is cut into index terms. Logs are full of numbers, ids and key=value pairs: splitting on
// every non-alphanumeric character makes `table=orders` the two terms `table` and `orders`, and dropping
// tokens that contain digits (counters, ports, ids, timestamps) or look like hex keeps the vocabulary to
// the words that make up a message's template. What is dropped stays findable by exact substring scan.

/** Characters that make up words: ASCII letters and digits, and every non-ASCII character. */
const WORD = 'A-Za-z0-9\\u0080-\\uffff';
const LETTERS = 'a-z\\u0080-\\uffff';
/** A run of letters (no digits) between non-word characters, 2 to 40 long: an index term. */
const TERM = new RegExp(`(?<![${WORD}])[${LETTERS}]{2,40}(?![${WORD}])`, 'g');
const TERM_ONLY = new RegExp(`^[${LETTERS}]{2,40}$`);
const HEX_LIKE = /^[a-f]{8,}$/;

/**
 * The index terms of a message, lowercased, in order of appearance: the runs of word characters that
 * hold no digit, 2 to 40 long (what TERM finds), by a scan of character codes, since this runs for every
 * line indexed.
 */
export function indexTerms(message: string): string[] {
  const lower = message.toLowerCase();
  const terms: string[] = [];
  let start = -1;
  let digits = false;
  for (let i = 0; i <= lower.length; i++) {
    // Past the end counts as a separator, closing the last run.
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const digit = c >= 48 && c <= 57;
    // After toLowerCase no ASCII capital is left: letters are a-z and every non-ASCII code unit.
    if (digit || (c >= 97 && c <= 122) || c >= 0x80) {
      if (start < 0) {
        start = i;
        digits = false;
      }
      digits ||= digit;
      continue;
    }
    if (start >= 0) {
      const length = i - start;
      if (!digits && length >= 2 && length <= 40) {
        const term = lower.slice(start, i);
        if (length < 8 || !HEX_LIKE.test(term)) terms.push(term);
      }
      start = -1;
    }
  }
  return terms;
}

/**
 * FNV-1a, 32 bits: the hash of a template key, computed alike from bytes and from strings. The starting
 * value is the caller's (a random one per index), so log lines cannot be written to collide on purpose.
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A row's index terms as byte offsets, and the hash of its key (the terms lowercased, joined by spaces). */
export interface AsciiTerms {
  /** [start, end) byte offsets of each term, in pairs; grown when full. */
  bounds: Int32Array<ArrayBuffer>;
  count: number;
  hash: number;
}

/**
 * The index terms of ASCII bytes [start, end), as indexTerms finds them in the same text, without making
 * strings, in one pass that also hashes the key: each run of letters is hashed on from the key so far
 * (with the separating space), and the result is kept only if the run turns out to be a term.
 */
export function asciiTerms(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: AsciiTerms,
  seed = FNV_OFFSET,
): AsciiTerms {
  let count = 0;
  let hash = seed;
  let i = start;
  while (i < end) {
    let kind = BYTE_KIND[bytes[i]];
    if (kind === SEPARATOR) {
      i++;
      continue;
    }
    // A run of word bytes: hashed on from the key so far, kept if it is a term.
    const run = i;
    let digits = false;
    let hex = true;
    let runHash = count > 0 ? Math.imul(hash ^ 32, FNV_PRIME) : hash;
    do {
      if (kind === DIGIT) digits = true;
      else if (kind === LETTER) hex = false;
      runHash = Math.imul(runHash ^ (bytes[i] | 0x20), FNV_PRIME);
      i++;
    } while (i < end && (kind = BYTE_KIND[bytes[i]]) !== SEPARATOR);
    const length = i - run;
    if (!digits && length >= 2 && length <= 40 && (length < 8 || !hex)) {
      if (2 * count + 2 > out.bounds.length) {
        const grown = new Int32Array(out.bounds.length * 2);
        grown.set(out.bounds);
        out.bounds = grown;
      }
      out.bounds[2 * count] = run;
      out.bounds[2 * count + 1] = i;
      count++;
      hash = runHash;
    }
  }
  out.count = count;
  out.hash = hash;
  return out;
}

const SEPARATOR = 0;
const DIGIT = 1;
/** a-f and A-F: a term made only of these, 8 or more long, looks like a hex id and is not indexed. */
const HEX_LETTER = 2;
const LETTER = 3;
/** What each byte is to the term scanner (ASCII: letters and digits make words, the rest separates). */
const BYTE_KIND = (() => {
  const kinds = new Uint8Array(256);
  for (let b = 48; b <= 57; b++) kinds[b] = DIGIT;
  for (let b = 97; b <= 122; b++) kinds[b] = kinds[b - 32] = b <= 102 ? HEX_LETTER : LETTER;
  return kinds;
})();

/** The hash asciiTerms gives for the same key. */
export function keyHash(key: string, seed = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** True when `word` (lowercased) is itself an index term, so the index can answer for it. */
export function isIndexTerm(word: string): boolean {
  return TERM_ONLY.test(word) && (word.length < 8 || !HEX_LIKE.test(word));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A regular expression finding `term` as a whole index term (or, with `prefix`, any term starting with
 * it), case-insensitively: what the index would answer, for text the index has not covered yet.
 */
export function termPattern(term: string, prefix: boolean): RegExp {
  const tail = prefix ? `[${LETTERS}]*` : '';
  return new RegExp(`(?<![${WORD}])${escapeRegExp(term)}${tail}(?![${WORD}])`, 'i');
}

/**
 * The index terms of a phrase that are whole words wherever the phrase occurs: a first or last word that
 * touches the phrase's edge may be part of a longer word in the text, so it cannot narrow by the index.
 */
export function innerTerms(phrase: string): string[] {
  const lower = phrase.toLowerCase();
  const terms: string[] = [];
  TERM.lastIndex = 0;
  for (let m = TERM.exec(lower); m !== null; m = TERM.exec(lower)) {
    const end = m.index + m[0].length;
    if (m.index > 0 && end < lower.length && isIndexTerm(m[0])) terms.push(m[0]);
  }
  return terms;
}
