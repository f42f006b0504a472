import type { Level } from '../../../shared/types';
import type { ParseContext } from './parse-context';

/** The fields a format reads from the first line of an event. */
export interface LineFields {
  ts: number | null;
  level: Level | null;
  /** Set by formats that can tell: the line holds its stamp and nothing else (the event's text follows). */
  bareStamp?: boolean;
}

/**
 * How well a line fits a format: `NoMatch` lines continue the previous event, `Stamped` lines start one,
 * `Complete` lines also carry every field the format promises (detection prefers formats that explain more).
 */
export const Match = { NoMatch: 0, Stamped: 1, Complete: 2 } as const;
export type Match = (typeof Match)[keyof typeof Match];

/** A line with the parse it must produce, read with year 2024 in UTC unless the sample says otherwise. */
export interface FormatSample {
  line: string;
  /** Expected timestamp as an ISO-8601 string with offset, or null. */
  ts: string | null;
  level: Level | null;
  timezone?: string;
  year?: number;
}

export interface LogFormat {
  readonly name: string;
  readonly description: string;
  /** Breaks ties in detection: a specific format beats a generic one that explains the lines as well. */
  readonly specificity: number;
  readonly samples: readonly FormatSample[];
  /** Reads a line into `out` (only meaningful when the result is not `NoMatch`). */
  parse(line: string, out: LineFields, ctx: ParseContext): Match;
  /** For formats that write the level on an event's second line: that line's level, or null. */
  continuationLevel?(line: string): Level | null;
  /** Formats whose layout varies per source adapt to sample lines; null when none fits. */
  fit?(lines: readonly string[], ctx: ParseContext): LogFormat | null;
  /**
   * A wrapper of other formats' lines (a container runtime's prefix) is chosen whenever it fits: scored
   * line by line, the formats its lines wrap would read its prefix as their own stamp and split its events.
   */
  readonly envelope?: boolean;
}
