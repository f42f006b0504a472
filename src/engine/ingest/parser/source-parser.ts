import type { Level } from '../../../shared/types';
import { BUILT_IN_FORMATS, findFormat } from '../formats/registry';
import { plainFormat } from '../formats/plain';
import { customPatternFormat } from './custom-pattern';
import { detectFormat } from './detect-format';
import { findLevel } from './level-finder';
import { Match, type LineFields, type LogFormat } from './log-format';
import { withoutTerminalEscapes } from '../terminal-escapes';
import { createParseContext, type ParseContext } from './parse-context';
import type { TimeZone } from './timezone';
import { ownString } from '../own-string';

export interface ParsedEvent {
  /** 1-based number of the event's first physical line in the source. */
  line: number;
  /** Epoch ms UTC, null when the line has no timestamp. */
  ts: number | null;
  level: Level | null;
  /** Name of the format that parsed it ('plain' when none matched). */
  format: string;
  /** The whole event text: the first line, then '\n' and each continuation line, as written. */
  message: string;
}

export interface SourceParserOptions {
  /** 'auto' (the default) or the name of a built-in format. */
  format?: string;
  /** A regular expression with named groups ts, level and msg; takes precedence over `format`. */
  pattern?: string;
  /** Timezone of stamps without an offset: an IANA name or an offset such as +0200. Default UTC. */
  timezone?: string;
  /** Year of the first year-less stamp. Default: the receive clock's year. */
  year?: number;
  /** The receive clock, for year inference. */
  now?: () => number;
}

/**
 * Makes the object a complete event becomes (its continuation lines joined), in the shape its consumer
 * keeps: one object per event, made once.
 */
export type EventMaker<E> = (
  line: number,
  ts: number | null,
  level: Level | null,
  format: string,
  message: string,
) => E;

export const parsedEvent: EventMaker<ParsedEvent> = (line, ts, level, format, message) => ({
  line,
  ts,
  level,
  format,
  message,
});

export interface SourceParser<E = ParsedEvent> {
  /** The detected or pinned format, null until detected. */
  readonly format: string | null;
  /** Feeds one physical line (no trailing newline); appends completed events to `out`. */
  push(line: string, out: E[]): void;
  /** Emits the pending multi-line event (and decides the format if it is still undecided). */
  flush(out: E[]): void;
  /** The end of a batch of lines: what waits for the next batch is copied off this one's text (see ownString). */
  endBatch(): void;
  /** Reads stamps without an offset in `zone` from now on (a host's own, the profile setting none). */
  useZone(zone: TimeZone): void;
}

const BYTE_ORDER_MARK = 0xfeff;
const ESCAPE = '\x1b';
/** Lines read before the format is decided. */
const DETECTION_LINES = 20;
/** Longer lines are events of their own, only their head parsed, so one huge line cannot stall a source. */
const MAX_PARSED_LINE = 64 * 1024;
const PARSED_HEAD = 4096;
/** Lines under a stamp that stands alone in which the event's level is looked for. */
const BARE_STAMP_LEVEL_LINES = 3;
/** A pending event takes at most this many continuation lines, so a format change cannot swallow a source. */
const MAX_CONTINUATION_LINES = 1000;

const AUTO_CANDIDATES = BUILT_IN_FORMATS.filter((format) => format !== plainFormat);

export function listFormats(): { name: string; description: string }[] {
  return BUILT_IN_FORMATS.map(({ name, description }) => ({ name, description }));
}

export function createSourceParser(options?: SourceParserOptions): SourceParser;
export function createSourceParser<E>(
  options: SourceParserOptions,
  makeEvent: EventMaker<E>,
): SourceParser<E>;
export function createSourceParser<E>(
  options: SourceParserOptions = {},
  makeEvent?: EventMaker<E>,
): SourceParser<E | ParsedEvent> {
  return new MultiLineParser<E | ParsedEvent>(candidatesFor(options), options, makeEvent ?? parsedEvent);
}

/** The formats detection may choose from: the profile's pattern, a pinned format, or all built-ins. */
function candidatesFor(options: SourceParserOptions): readonly LogFormat[] {
  if (options.pattern !== undefined) return [customPatternFormat(options.pattern)];
  const name = options.format ?? 'auto';
  if (name === 'auto') return AUTO_CANDIDATES;
  const format = findFormat(name);
  if (format === undefined) {
    const known = listFormats()
      .map((f) => f.name)
      .join(', ');
    throw new Error(`unknown log format "${name}": use auto or one of ${known}`);
  }
  return [format];
}

class MultiLineParser<E> implements SourceParser<E> {
  format: string | null = null;
  private active: LogFormat | null = null;
  private readonly ctx: ParseContext;
  private readonly fields: LineFields = { ts: null, level: null, bareStamp: false };
  private readonly undecided: string[] = [];
  private lineNumber = 0;
  /** The event waiting for continuation lines, as fields until it is complete (0: none). */
  private pendingLine = 0;
  private pendingTs: number | null = null;
  private pendingLevel: Level | null = null;
  /** The pending event's first line is only a stamp: its text, and level, start on the next line. */
  private pendingBareStamp = false;
  private pendingFormat = '';
  private pendingMessage = '';
  private continuationLines = 0;

  constructor(
    private readonly candidates: readonly LogFormat[],
    private readonly options: SourceParserOptions,
    private readonly makeEvent: EventMaker<E>,
  ) {
    this.ctx = createParseContext(options);
  }

  push(physicalLine: string, out: E[]): void {
    this.lineNumber++;
    // A byte order mark starts files written on Windows (and again after some loggers truncate them).
    const line = physicalLine.charCodeAt(0) === BYTE_ORDER_MARK ? physicalLine.slice(1) : physicalLine;
    if (this.active !== null) {
      this.consume(line, this.lineNumber, out);
      return;
    }
    this.undecided.push(line);
    if (this.undecided.length >= DETECTION_LINES) this.decide(out);
  }

  flush(out: E[]): void {
    if (this.active === null && this.undecided.length > 0) this.decide(out);
    this.emitPending(out);
  }

  useZone(zone: TimeZone): void {
    this.ctx.zone = zone;
  }

  endBatch(): void {
    if (this.pendingLine > 0) this.pendingMessage = ownString(this.pendingMessage);
    for (let i = 0; i < this.undecided.length; i++) this.undecided[i] = ownString(this.undecided[i]);
  }

  private decide(out: E[]): void {
    const samples = this.undecided
      .filter((line) => line.length > 0 && line.length <= MAX_PARSED_LINE)
      .map(withoutTerminalEscapes);
    // Detection runs on a scratch clock so that year inference starts afresh for the real parse.
    const scratch = createParseContext(this.options);
    const chosen = detectFormat(samples, this.candidates, scratch);
    // What the first lines showed of the source's date order holds for all of it, those lines included.
    this.ctx.dayFirstSlashDates = scratch.dayFirstSlashDates;
    const pinned = this.candidates.length === 1 && !this.candidates[0].fit ? this.candidates[0] : null;
    this.active = chosen ?? pinned ?? plainFormat;
    this.format = this.active.name;
    const first = this.lineNumber - this.undecided.length + 1;
    this.undecided.forEach((line, i) => this.consume(line, first + i, out));
    this.undecided.length = 0;
  }

  private consume(line: string, lineNumber: number, out: E[]): void {
    const format = this.active as LogFormat;
    const fields = this.fields;
    if (line.length > MAX_PARSED_LINE) {
      // Its head still dates the line and gives its level; whatever the head says, it is an event of its own.
      if (this.parse(format, line.slice(0, PARSED_HEAD)) !== Match.NoMatch)
        this.startEvent(out, lineNumber, fields.ts, fields.level, format.name, line);
      else this.startEvent(out, lineNumber, null, null, plainFormat.name, line);
      return;
    }
    if (this.parse(format, line) !== Match.NoMatch) {
      this.startEvent(out, lineNumber, fields.ts, fields.level, format.name, line);
      this.pendingBareStamp = fields.bareStamp === true;
      return;
    }
    if (this.pendingLine > 0 && this.continuationLines < MAX_CONTINUATION_LINES) {
      if (this.pendingLevel === null) this.pendingLevel = this.continuationLevel(format, line);
      this.pendingMessage += '\n' + line;
      this.continuationLines++;
      return;
    }
    this.startEvent(out, lineNumber, null, null, plainFormat.name, line);
  }

  /**
   * Reads a line's fields into `this.fields`. A line the format did not fully read and that holds terminal
   * escapes (a logger colouring its output) is read again without them: the colours hide its stamp and
   * level, not its text. The message keeps them, for the stream to show as colours and placeholders.
   */
  private parse(format: LogFormat, line: string): Match {
    this.fields.bareStamp = false;
    const match = format.parse(line, this.fields, this.ctx);
    if (match === Match.Complete || line.indexOf(ESCAPE) < 0) return match;
    const plain = format.parse(withoutTerminalEscapes(line), this.fields, this.ctx);
    return plain >= match ? plain : format.parse(line, this.fields, this.ctx);
  }

  /**
   * The level a continuation line gives its event: on the second line in formats that put it there; in the
   * first lines of the text under a stamp that stands alone (Oracle's alert log: the stamp, `Errors in
   * file …`, then `ORA-00600: internal error …`).
   */
  private continuationLevel(format: LogFormat, line: string): Level | null {
    const level = this.continuationLines === 0 ? (format.continuationLevel?.(line) ?? null) : null;
    if (level !== null || !this.pendingBareStamp || this.continuationLines >= BARE_STAMP_LEVEL_LINES)
      return level;
    return findLevel(line, 0);
  }

  private startEvent(
    out: E[],
    line: number,
    ts: number | null,
    level: Level | null,
    format: string,
    message: string,
  ): void {
    this.emitPending(out);
    this.pendingLine = line;
    this.pendingTs = ts;
    this.pendingLevel = level;
    this.pendingBareStamp = false;
    this.pendingFormat = format;
    this.pendingMessage = message;
    this.continuationLines = 0;
  }

  private emitPending(out: E[]): void {
    if (this.pendingLine === 0) return;
    out.push(
      this.makeEvent(
        this.pendingLine,
        this.pendingTs,
        this.pendingLevel,
        this.pendingFormat,
        this.pendingMessage,
      ),
    );
    this.pendingLine = 0;
    this.pendingMessage = '';
  }
}
