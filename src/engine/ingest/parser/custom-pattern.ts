import type { Level } from '../../../shared/types';
import { parseStampText } from '../formats/stamps/any-stamp';
import { levelFromLetter, levelFromNumber, levelFromWord } from './levels';
import { Match, type LineFields, type LogFormat } from './log-format';
import type { ParseContext } from './parse-context';

/**
 * A profile's own layout: a regular expression with named groups `ts`, `level` and `msg` (each optional, at
 * least one of `ts` and `level`). Lines it does not match continue the previous event.
 */
export function customPatternFormat(pattern: string): LogFormat {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new Error(`invalid log pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!/\(\?<(ts|level)>/.test(pattern)) {
    throw new Error(`log pattern ${JSON.stringify(pattern)} needs a named group (?<ts>…) or (?<level>…)`);
  }
  return {
    name: 'custom',
    description: 'A regular expression from the profile with named groups ts, level and msg',
    specificity: 100,
    samples: [],
    parse(line: string, out: LineFields, ctx: ParseContext): Match {
      const groups = regex.exec(line)?.groups;
      if (groups === undefined) return Match.NoMatch;
      out.ts = groups.ts ? parseStampText(groups.ts, ctx) : null;
      out.level = groups.level ? levelOfText(groups.level) : null;
      return Match.Complete;
    },
  };
}

function levelOfText(text: string): Level | null {
  if (text.length === 1) return levelFromLetter(text.charCodeAt(0));
  const number = Number(text);
  return Number.isFinite(number) ? levelFromNumber(number) : levelFromWord(text);
}
