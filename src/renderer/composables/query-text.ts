// Helpers between what the operator clicks and the search query language
// (src/engine/search/query-parser.ts): filters are query parts, shown as removable chips.

export type FilterField = 'host' | 'app' | 'source' | 'level';

/** The query part that keeps rows whose `field` is `value`, e.g. `host:web-1` or `source:"/var/log/a b"`. */
export function filterPart(field: FilterField, value: string): string {
  const needsQuotes = value === '' || /[\s"']/.test(value);
  return `${field}:${needsQuotes ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value}`;
}

/** The query the engine runs: every chip and the typed text, all of which must hold. */
export function composeQuery(chips: readonly string[], text: string): string {
  return [...chips, text.trim()].filter((part) => part !== '').join(' ');
}

/** Adds the chip, or removes it when it is already there. */
export function toggleChip(chips: readonly string[], chip: string): string[] {
  return chips.includes(chip) ? chips.filter((c) => c !== chip) : [...chips, chip];
}

/** Adds a chip, replacing another chip of the same field (one level filter at a time). */
export function replaceFieldChip(chips: readonly string[], chip: string): string[] {
  const field = chip.slice(0, chip.indexOf(':') + 1);
  return [...chips.filter((c) => !c.startsWith(field)), chip];
}

export const ERRORS_ONLY = 'level:>=error';

const FIELD_PART = /^(host|app|source|level|since|until):/i;

/**
 * A pattern marking, in a message, the text a query looks for: its words (whole words, `word*` as a
 * prefix), "phrases", substrings and /regexes/. Field parts (host:, level:, …) mark nothing. Null when
 * there is nothing to mark or the query cannot be read (the engine reports the error).
 */
export function highlightPattern(query: string): RegExp | null {
  const sources: string[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < query.length && query[j] !== c) {
        if (query[j] === '\\' && j + 1 < query.length) j++;
        value += query[j++];
      }
      if (value !== '') sources.push(escapeRegExp(value));
      i = j + 1;
      continue;
    }
    if (c === '/') {
      let j = i + 1;
      let inClass = false;
      while (j < query.length && (query[j] !== '/' || inClass)) {
        if (query[j] === '\\') j++;
        else if (query[j] === '[') inClass = true;
        else if (query[j] === ']') inClass = false;
        j++;
      }
      const source = query.slice(i + 1, j);
      if (source !== '' && compiles(source)) sources.push(`(?:${source})`);
      i = j + 1;
      while (i < query.length && /[a-z]/.test(query[i])) i++;
      continue;
    }
    const start = i;
    while (i < query.length && !/\s/.test(query[i])) {
      if ((query[i] === '"' || query[i] === "'") && FIELD_PART.test(query.slice(start, i))) {
        const quote = query[i++];
        while (i < query.length && query[i] !== quote) i += query[i] === '\\' ? 2 : 1;
      }
      i++;
    }
    const word = query.slice(start, i);
    if (FIELD_PART.test(word)) continue;
    if (word.endsWith('*') && word.length > 1) sources.push(`\\b${escapeRegExp(word.slice(0, -1))}`);
    else if (/^\w+$/.test(word)) sources.push(`\\b${escapeRegExp(word)}\\b`);
    else sources.push(escapeRegExp(word));
  }
  if (sources.length === 0) return null;
  try {
    return new RegExp(sources.join('|'), 'giu');
  } catch {
    return null;
  }
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits `text` into runs, marking those the pattern matches (empty matches are skipped). */
export function splitMarked(text: string, pattern: RegExp | null): { text: string; marked: boolean }[] {
  if (pattern === null || text === '') return [{ text, marked: false }];
  const parts: { text: string; marked: boolean }[] = [];
  let last = 0;
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) {
    if (m[0] === '') continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index), marked: false });
    parts.push({ text: m[0], marked: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), marked: false });
  return parts.length > 0 ? parts : [{ text, marked: false }];
}
