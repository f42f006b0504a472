/**
 * The include/exclude patterns (regular expressions in Perl's syntax, the common part of which JavaScript
 * shares) as a test of a line: it must match one include, when there are any, and no exclude. Throws
 * naming a pattern JavaScript cannot read.
 */
export function lineFilter(
  include: readonly string[],
  exclude: readonly string[],
): (line: string) => boolean {
  const compile = (patterns: readonly string[]) => {
    for (const pattern of patterns) {
      try {
        new RegExp(pattern);
      } catch {
        throw new Error(`the pattern ${JSON.stringify(pattern)} is not one JavaScript reads`);
      }
    }
    return patterns.length > 0 ? new RegExp(alternation(patterns)) : null;
  };
  const kept = compile(include);
  const dropped = compile(exclude);
  return (line) => (kept === null || kept.test(line)) && (dropped === null || !dropped.test(line));
}

/** The patterns as one regular expression matching what any of them matches ('' for none). */
export function alternation(patterns: readonly string[]): string {
  return patterns.map((pattern) => `(?:${pattern})`).join('|');
}
