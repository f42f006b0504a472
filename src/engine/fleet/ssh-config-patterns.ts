/**
 * OpenSSH pattern matching (match.c), shared by ssh_config `Host`/`Match` lines and known_hosts host fields:
 * `*` matches any run of characters, `?` exactly one, everything else literally.
 */
export function matchesPattern(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export type PatternListResult = 'match' | 'negated' | 'none';

/**
 * A list of patterns, each optionally negated with `!`. A matching negated pattern wins over any positive
 * one, as in OpenSSH's match_pattern_list: `Host * !bastion` never applies to bastion.
 */
export function matchPatternList(
  text: string,
  patterns: readonly string[],
  options: { ignoreCase: boolean },
): PatternListResult {
  const subject = options.ignoreCase ? text.toLowerCase() : text;
  let matched = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const body = negated ? raw.slice(1) : raw;
    const pattern = options.ignoreCase ? body.toLowerCase() : body;
    if (!matchesPattern(subject, pattern)) continue;
    if (negated) return 'negated';
    matched = true;
  }
  return matched ? 'match' : 'none';
}

const GLOB_CHARS = /[*?]/;

/**
 * The files an `Include` pattern names, sorted like glob(3): `*` and `?` match within one path segment and
 * never a leading dot unless the pattern starts with one.
 */
export function expandPathGlob(pattern: string, listDirectory: (dir: string) => string[] | null): string[] {
  if (!GLOB_CHARS.test(pattern)) return [pattern];
  const segments = pattern.split('/');
  let prefixes = [segments[0]];
  for (const segment of segments.slice(1)) {
    if (!GLOB_CHARS.test(segment)) {
      prefixes = prefixes.map((prefix) => `${prefix}/${segment}`);
      continue;
    }
    prefixes = prefixes.flatMap((prefix) =>
      (listDirectory(prefix || '/') ?? [])
        .filter((name) => (name.startsWith('.') ? segment.startsWith('.') : true))
        .filter((name) => matchesPattern(name, segment))
        .map((name) => `${prefix}/${name}`),
    );
  }
  return prefixes.sort();
}
