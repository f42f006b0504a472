import { findLevel } from '../parser/level-finder';
import type { Level } from '../../../shared/types';
import { Match, type FormatSample, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { skipBlanks } from '../parser/scan';
import { jsonPayloadLevel } from './json-lines';
import { requestLevel } from './request-level';
import type { StampScanner } from './stamps/any-stamp';

export interface LeadingStampDefinition {
  name: string;
  description: string;
  specificity: number;
  samples: FormatSample[];
  scan: StampScanner;
  /** Characters one of which may come before the stamp; default `[`. */
  leadingMarks?: string;
  /** The level of a line that names none, read from what the format's lines carry instead (from `end`). */
  levelOtherwise?: (line: string, end: number) => Level | null;
  /** The level of lines whose own words would be mistaken for one (from `end`), read before any level word. */
  levelFirst?: (line: string, end: number) => Level | null;
}

/**
 * A format whose lines open with a stamp (bare or in brackets) and carry the level among the next fields, or
 * in a JSON object after the stamp.
 */
export function leadingStampFormat(definition: LeadingStampDefinition): LogFormat {
  const { scan } = definition;
  const marks = [...(definition.leadingMarks ?? '[')].map((c) => c.charCodeAt(0));
  return {
    name: definition.name,
    description: definition.description,
    specificity: definition.specificity,
    samples: definition.samples,
    parse(line: string, out: LineFields, ctx: ParseContext): Match {
      const end = scan(line, marks.includes(line.charCodeAt(0)) ? 1 : 0, ctx);
      if (end < 0) return Match.NoMatch;
      out.ts = ctx.ts;
      // A JSON payload's fields first: words of its message are not its level.
      out.level =
        definition.levelFirst?.(line, end) ??
        jsonPayloadLevel(line, end) ??
        findLevel(line, end) ??
        requestLevel(line, end) ??
        definition.levelOtherwise?.(line, end) ??
        null;
      if (out.level !== null) return Match.Complete;
      out.bareStamp = isBareStamp(line, end);
      return Match.Stamped;
    },
  };
}

/** Whether nothing but blanks (and the stamp's closing bracket) follows the stamp ending at `end`. */
function isBareStamp(line: string, end: number): boolean {
  let rest = skipBlanks(line, end);
  if (line.charCodeAt(rest) === 93) rest = skipBlanks(line, rest + 1);
  return rest >= line.length;
}
