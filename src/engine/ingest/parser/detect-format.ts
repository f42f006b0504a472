import { Match, type LineFields, type LogFormat } from './log-format';
import type { ParseContext } from './parse-context';

/**
 * Share of the sample lines the winner must start events on; fewer means the text is not in that format.
 * Low, because a source may open with a long stack trace.
 */
const MIN_EVENT_SHARE = 0.1;

/**
 * Scores each candidate over the first lines of a source (1 per line that starts an event, 2 when the line
 * also carries everything the format promises) and returns the best; an envelope that fits wins outright. A tie goes to the more specific format
 * only when its own structure was seen on some line; otherwise to the earlier, more general candidate.
 * Null when none explains enough of the lines.
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
  let bestSpecificity = 0;
  for (const candidate of candidates) {
    const format = candidate.fit ? candidate.fit(lines, ctx) : candidate;
    if (format === null) continue;
    if (candidate.envelope) return format;
    let score = 0;
    let events = 0;
    let complete = 0;
    for (const line of lines) {
      const match = format.parse(line, fields, ctx);
      score += match;
      if (match > 0) events++;
      if (match === Match.Complete) complete++;
    }
    if (events === 0 || events < lines.length * MIN_EVENT_SHARE) continue;
    const specificity = complete > 0 ? format.specificity : 0;
    if (score > bestScore || (score === bestScore && specificity > bestSpecificity)) {
      best = format;
      bestScore = score;
      bestSpecificity = specificity;
    }
  }
  return best;
}
