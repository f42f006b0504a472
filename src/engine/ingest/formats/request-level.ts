import type { Level } from '../../../shared/types';
import { levelFromHttpStatus } from '../parser/levels';
import { fixedDigits, skipBlanks } from '../parser/scan';

/**
 * A request line right after the stamp, then its status (Django's and Python's development servers:
 * `[01/Mar/2024 12:00:01] "GET /x HTTP/1.1" 500 456`): the level from the status.
 */
export function requestLevel(line: string, end: number): Level | null {
  let open = skipBlanks(line, end);
  // Past the bracket that closes a bracketed stamp.
  if (line.charCodeAt(open) === 93) open = skipBlanks(line, open + 1);
  if (line.charCodeAt(open) !== 34) return null;
  const close = line.indexOf('" ', open + 1);
  if (close < 0 || line.lastIndexOf(' HTTP/', close) < open) return null;
  const status = fixedDigits(line, close + 2, 3);
  const after = line.charCodeAt(close + 5);
  if (status < 100 || status > 599 || !(Number.isNaN(after) || after === 32)) return null;
  return levelFromHttpStatus(status);
}
