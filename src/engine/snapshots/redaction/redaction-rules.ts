import { z } from 'zod';
import builtInRules from './rules.json';
import { VALUE_CHECKS, type ValueCheck } from './value-checks';

/** A rule as written in rules.json or a profile's `redaction.rules`. */
export interface RedactionRuleSpec {
  name: string;
  description?: string;
  /** The secret, or the text around a named group `secret` when only that part is to be replaced. */
  pattern: string;
  ignoreCase?: boolean;
  /** Substrings one of which every match contains: lines without any skip the pattern (the fast path). */
  hints?: string[];
  check?: ValueCheck;
}

export interface CompiledRule {
  name: string;
  /** Global, with match indices (for the `secret` group). */
  regex: RegExp;
  /** The exact-case substrings searched for (case variants included); empty when the rule has none. */
  hints: string[];
  /** Null when the rule has no hints and must run on every text. */
  hint: RegExp | null;
  check: ValueCheck | null;
  replacement: string;
}

const ruleSpecSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and "-"'),
  description: z.string().optional(),
  pattern: z.string().min(1),
  ignoreCase: z.boolean().optional(),
  hints: z.array(z.string().min(1)).optional(),
  check: z.enum(VALUE_CHECKS).optional(),
});

const rulesFileSchema = z.strictObject({
  version: z.literal(1),
  rules: z.array(ruleSpecSchema),
});

export function builtInRuleSpecs(): RedactionRuleSpec[] {
  return rulesFileSchema.parse(builtInRules).rules;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The case variants a case-insensitive hint is searched in. Exact-case searches are several times faster
 * than a case-insensitive one, and secrets' key names come lower, UPPER or Capitalised (camelCase included).
 */
export function hintVariants(hint: string, ignoreCase: boolean): string[] {
  if (!ignoreCase) return [hint];
  const lower = hint.toLowerCase();
  return [...new Set([lower, hint.toUpperCase(), lower[0].toUpperCase() + lower.slice(1)])];
}

/** A regular expression matching any of the substrings. */
export function anyOf(substrings: readonly string[]): RegExp {
  return new RegExp([...new Set(substrings)].map(escapeRegex).join('|'));
}

export function compileRule(spec: RedactionRuleSpec): CompiledRule {
  let regex: RegExp;
  try {
    regex = new RegExp(spec.pattern, `gd${spec.ignoreCase ? 'i' : ''}`);
  } catch (err) {
    throw new Error(`redaction rule "${spec.name}": invalid pattern: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const hints = (spec.hints ?? []).flatMap((h) => hintVariants(h, spec.ignoreCase ?? false));
  return {
    name: spec.name,
    regex,
    hints,
    hint: hints.length ? anyOf(hints) : null,
    check: spec.check ?? null,
    replacement: `[REDACTED:${spec.name}]`,
  };
}

/** The built-in rules followed by extra ones (a profile's); an extra rule may not reuse a built-in name. */
export function compileRules(extra: readonly RedactionRuleSpec[] = []): CompiledRule[] {
  const specs = [...builtInRuleSpecs(), ...extra];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new Error(`redaction rule "${spec.name}" is defined twice; rename one`);
    seen.add(spec.name);
  }
  return specs.map(compileRule);
}
