/** A fuzzy match of a query in a text: higher scores are better; positions are the matched characters. */
export interface FuzzyMatch {
  score: number;
  positions: number[];
}

const WORD_SEPARATOR = /[\s\-_./:@…()]/;

/**
 * Matches the query's characters in order (case-insensitive), preferring the earliest start of a word for
 * each character, consecutive runs and short texts; null when some character is missing. An empty query
 * matches everything with score 0.
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase();
  if (q === '') return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  const chars = [...q.replace(/\s+/g, '')];
  for (const [n, char] of chars.entries()) {
    const at = bestPosition(t, text, char, from, chars.slice(n + 1), positions.at(-1));
    if (at < 0) return null;
    const previous = positions.at(-1);
    if (previous !== undefined && at === previous + 1) score += 6;
    else if (previous !== undefined) score -= Math.min(at - previous - 1, 5);
    if (isWordStart(text, at)) score += 8;
    if (at === 0) score += 4;
    score += 1;
    positions.push(at);
    from = at + 1;
  }
  return { score: score - text.length * 0.05, positions };
}

/**
 * The next occurrence that continues a run, else the next at a word start from which the rest of the query
 * still matches, else the next at all.
 */
function bestPosition(
  lower: string,
  text: string,
  char: string,
  from: number,
  rest: string[],
  previous?: number,
): number {
  const first = lower.indexOf(char, from);
  if (first < 0 || (previous !== undefined && first === previous + 1)) return first;
  for (let i = first; i >= 0; i = lower.indexOf(char, i + 1)) {
    if (isWordStart(text, i) && isSubsequence(rest, lower, i + 1)) return i;
  }
  return first;
}

function isSubsequence(chars: string[], lower: string, from: number): boolean {
  let at = from;
  for (const char of chars) {
    at = lower.indexOf(char, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const before = text[i - 1];
  const here = text[i];
  return WORD_SEPARATOR.test(before) || (before === before.toLowerCase() && here !== here.toLowerCase());
}

/** The items matching the query, best first (ties keep their order). */
export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, match: fuzzyMatch(query, textOf(item)) }))
    .filter((entry): entry is { item: T; index: number; match: FuzzyMatch } => entry.match !== null)
    .sort((a, b) => b.match.score - a.match.score || a.index - b.index)
    .map((entry) => entry.item);
}
