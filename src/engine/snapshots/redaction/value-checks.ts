// Second looks at a candidate secret that a pattern alone cannot judge: is it a placeholder someone already
// masked, a real user:password pair, random enough to be a key rather than a word?

export const VALUE_CHECKS = ['not-placeholder', 'high-entropy', 'basic-credential'] as const;
export type ValueCheck = (typeof VALUE_CHECKS)[number];

const PLACEHOLDER =
  /^(?:|\*+|x+|\.+|-+|#+|null|nil|none|undefined|true|false|empty|hidden|redacted|filtered|masked|secret|password|changeme|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|<[^>]*>|\[[^\]]*\]|\{\{[^}]*\}\})$/i;

/** Strips one pair of matching quotes around a value. */
export function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value[value.length - 1] === first)
    return value.slice(1, -1);
  return value;
}

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Random keys and tokens mix letters and digits and rarely repeat characters; words, numbers, durations,
 * host names made of words and enum values do not. Short values are never judged random.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 10 || isPlaceholder(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= 3;
}

/** Basic credentials are base64 of "user:password"; ordinary words after "basic" do not decode to that. */
export function isBasicCredential(value: string): boolean {
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return false;
  }
  return /^[\x20-\x7e]+$/.test(decoded) && decoded.indexOf(':') > 0;
}

export function passesCheck(check: ValueCheck, value: string): boolean {
  const inner = unquote(value);
  switch (check) {
    case 'not-placeholder':
      return !isPlaceholder(inner);
    case 'high-entropy':
      return looksRandom(inner);
    case 'basic-credential':
      return isBasicCredential(inner);
  }
}
