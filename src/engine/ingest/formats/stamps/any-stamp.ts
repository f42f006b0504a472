import type { ParseContext } from '../../parser/parse-context';
import { scanBsdStamp, scanCtimeStamp } from './bsd-stamp';
import { scanClfStamp } from './clf-stamp';
import { scanCompactStamp } from './compact-stamp';
import { scanEpochStamp } from './epoch-stamp';
import { scanIsoStamp } from './iso-stamp';

export type StampScanner = (line: string, pos: number, ctx: ParseContext) => number;

/** Every stamp scanner, most common first; CLF's before the compact forms, which would read its date but drop its zone. */
export const STAMP_SCANNERS: readonly StampScanner[] = [
  scanIsoStamp,
  scanBsdStamp,
  scanClfStamp,
  scanCompactStamp,
  scanCtimeStamp,
  scanEpochStamp,
];

/**
 * Epoch ms of a stamp given on its own (a JSON value, a custom pattern's `ts` group), or null.
 * Falls back to Date.parse for forms no scanner knows: these paths are not the hot one.
 */
export function parseStampText(text: string, ctx: ParseContext): number | null {
  const start = text.charCodeAt(0) === 91 ? 1 : 0;
  for (const scan of STAMP_SCANNERS) {
    if (scan(text, start, ctx) >= 0) return ctx.ts;
  }
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : null;
}
