import type { LineFields, LogFormat } from './log-format';
import type { ParseContext } from './parse-context';

/** Share of the sample lines the winner must start events on; fewer means the text is not in that format. */
const MIN_EVENT_SHARE = 0.3;

/**
 * Scores each candidate over the first lines of a source (1 per line that starts an event, 2 when the line
 * also carries everything the format promises) and returns the best, ties going to the more specific
 * format; null when none explains enough of the lines.
 */
export function detectFormat(
  lines: readonly string[],
  candidates: readonly LogFormat[],
  ctx: ParseContext,
): LogFormat | null {
  if (lines.length === 0) return null;
  const fields: LineFields = { ts: null, level: null };
  let best: LogFormat | null = null;
  let bestScore = 0;
  for (const candidate of candidates) {
    const format = candidate.fit ? candidate.fit(lines, ctx) : candidate;
    if (format === null) continue;
    let score = 0;
    let events = 0;
    for (const line of lines) {
      const match = format.parse(line, fields, ctx);
      score += match;
      if (match > 0) events++;
    }
    if (events < lines.length * MIN_EVENT_SHARE) continue;
    if (
      score > bestScore ||
      (score === bestScore && best !== null && format.specificity > best.specificity)
    ) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}
