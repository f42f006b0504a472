const META = new Set(['.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '\\']);
const OPTIONAL = new Set(['*', '?', '{']);
/** Escapes that stand for one literal character. */
const LITERAL_ESCAPE = /[^A-Za-z0-9]/;

/**
 * The longest run of characters every match of a regular expression must contain, or null when there is
 * none worth using (alternation, case-insensitive matching, or fewer than three characters). A byte
 * search for it is far faster than running the regex over every message, and it only narrows candidates:
 * the regex still decides.
 */
export function requiredLiteral(regex: RegExp): string | null {
  if (regex.ignoreCase) return null;
  const source = regex.source;
  if (source.includes('|')) return null;
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (LITERAL_ESCAPE.test(next)) {
        if (OPTIONAL.has(source[i + 1])) end();
        else run += next;
      } else end();
      continue;
    }
    if (c === '[') {
      end();
      i = skipClass(source, i);
      continue;
    }
    if (c === '(') {
      end();
      i = skipGroup(source, i);
      continue;
    }
    if (META.has(c)) {
      // `+` keeps the character before it (it occurs at least once) but ends the run.
      end();
      continue;
    }
    if (OPTIONAL.has(source[i + 1])) {
      end();
      continue;
    }
    run += c;
    if (source[i + 1] === '+') end();
  }
  end();
  return best.length >= 3 ? best : null;
}

function skipClass(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

function skipGroup(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') i = skipClass(source, i);
    else if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return i;
  }
  return source.length;
}
