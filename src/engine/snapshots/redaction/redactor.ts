import { anyOf, type CompiledRule } from './redaction-rules';
import { passesCheck } from './value-checks';

/**
 * Replaces secrets in text with `[REDACTED:rule]` and counts replacements per rule. One cheap exact-case
 * search for any rule's hint decides whether a text needs the rules at all; most log lines do not.
 */
export class Redactor {
  private readonly counts = new Map<string, number>();
  private readonly prefilter: RegExp | null;

  constructor(private readonly rules: readonly CompiledRule[]) {
    const unhinted = rules.some((r) => r.hint === null);
    this.prefilter = unhinted ? null : anyOf(rules.flatMap((r) => r.hints));
  }

  redact(text: string): string {
    if (this.prefilter && !this.prefilter.test(text)) return text;
    let result = text;
    for (const rule of this.rules) {
      if (rule.hint && !rule.hint.test(result)) continue;
      result = this.apply(rule, result);
    }
    return result;
  }

  /** Redacts every string inside a JSON-like value (notes, audit entries, signatures' examples). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.redactDeep(v)]),
      ) as T;
    }
    return value;
  }

  /** Counts a replacement made outside `redact` (e.g. across events). */
  record(rule: string): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
  }

  /** Replacements so far, per rule name, in rule order; rules that never fired are left out. */
  countsByRule(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const rule of this.rules) {
      const n = this.counts.get(rule.name);
      if (n) result[rule.name] = n;
    }
    return result;
  }

  private apply(rule: CompiledRule, text: string): string {
    const regex = rule.regex;
    regex.lastIndex = 0;
    let out = '';
    let copied = 0;
    let replaced = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const hasSecretGroup = m.groups !== undefined && 'secret' in m.groups;
      const span = hasSecretGroup ? m.indices!.groups!.secret : m.indices![0];
      if (!span) continue;
      let [start, end] = span;
      const value = text.slice(start, end);
      if (rule.check && !passesCheck(rule.check, value)) continue;
      if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
        start++;
        end--;
      }
      out += text.slice(copied, start) + rule.replacement;
      copied = end;
      replaced++;
    }
    if (replaced === 0) return text;
    this.counts.set(rule.name, (this.counts.get(rule.name) ?? 0) + replaced);
    return out + text.slice(copied);
  }
}
