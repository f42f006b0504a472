import type { Level } from '../../../shared/types';
import { levelFromWord } from '../parser/levels';
import { cursor, readDigits, skipBlanks, tokenEnd } from '../parser/scan';

/** How far into a syslog line the `tag:` separator may be before the line is not syslog-shaped. */
const TAG_SEARCH = 160;

/** Priority read by the last `readPriority`, -1 when the line had none. */
export const priority = { value: -1 };

/** Position after a `<PRI>` at `pos`, or `pos` when there is none. */
export function readPriority(line: string, pos: number): number {
  priority.value = -1;
  if (line.charCodeAt(pos) !== 60) return pos;
  const value = readDigits(line, pos + 1, 1, 3);
  if (value < 0 || value > 191 || line.charCodeAt(cursor.end) !== 62) return pos;
  priority.value = value;
  return cursor.end + 1;
}

/** Position just after `host tag[pid]:` following `pos`, or -1 when the line has no tag. */
export function afterHostAndTag(line: string, pos: number): number {
  const hostStart = skipBlanks(line, pos);
  const hostEnd = tokenEnd(line, hostStart);
  if (hostEnd === hostStart || hostEnd >= line.length) return -1;
  const colon = line.indexOf(':', hostEnd + 1);
  if (colon < 0 || colon - hostEnd > TAG_SEARCH) return -1;
  return colon + 1;
}

/** Programs that log through syslog often start the message with their own level: `error: …`, `<warn> …`. */
export function levelOfMessage(line: string, pos: number): Level | null {
  const start = skipBlanks(line, pos);
  const end = tokenEnd(line, start);
  const first = line.charCodeAt(start);
  const last = line.charCodeAt(end - 1);
  if (last === 58 && end - start > 3 && end - start <= 12) return levelFromWord(line.slice(start, end - 1));
  if ((first === 60 && last === 62) || (first === 91 && last === 93))
    return levelFromWord(line.slice(start + 1, end - 1));
  return null;
}
