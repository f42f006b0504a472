import type { Level } from '../../../shared/types';
import { BUILT_IN_FORMATS, findFormat } from '../formats/registry';
import { plainFormat } from '../formats/plain';
import { customPatternFormat } from './custom-pattern';
import { detectFormat } from './detect-format';
import { Match, type LineFields, type LogFormat } from './log-format';
import { createParseContext, type ParseContext } from './parse-context';
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

export interface SourceParser {
  /** The detected or pinned format, null until detected. */
  readonly format: string | null;
  /** Feeds one physical line (no trailing newline); appends completed events to `out`. */
  push(line: string, out: ParsedEvent[]): void;
  /** Emits the pending multi-line event (and decides the format if it is still undecided). */
  flush(out: ParsedEvent[]): void;
  /** The end of a batch of lines: what waits for the next batch is copied off this one's text (see ownString). */
  endBatch(): void;
}

/** Lines read before the format is decided. */
const DETECTION_LINES = 20;
/** Longer lines are not parsed: they become plain events of their own, so one huge line cannot stall a source. */
const MAX_PARSED_LINE = 64 * 1024;
/** A pending event takes at most this many continuation lines, so a format change cannot swallow a source. */
const MAX_CONTINUATION_LINES = 1000;

const AUTO_CANDIDATES = BUILT_IN_FORMATS.filter((format) => format !== plainFormat);

export function listFormats(): { name: string; description: string }[] {
  return BUILT_IN_FORMATS.map(({ name, description }) => ({ name, description }));
}

export function createSourceParser(options: SourceParserOptions = {}): SourceParser {
  const candidates = candidatesFor(options);
  return new MultiLineParser(candidates, options);
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

class MultiLineParser implements SourceParser {
  format: string | null = null;
  private active: LogFormat | null = null;
  private readonly ctx: ParseContext;
  private readonly fields: LineFields = { ts: null, level: null };
  private readonly undecided: string[] = [];
  private lineNumber = 0;
  private pending: ParsedEvent | null = null;
  private continuationLines = 0;

  constructor(
    private readonly candidates: readonly LogFormat[],
    private readonly options: SourceParserOptions,
  ) {
    this.ctx = createParseContext(options);
  }

  push(line: string, out: ParsedEvent[]): void {
    this.lineNumber++;
    if (this.active !== null) {
      this.consume(line, this.lineNumber, out);
      return;
    }
    this.undecided.push(line);
    if (this.undecided.length >= DETECTION_LINES) this.decide(out);
  }

  flush(out: ParsedEvent[]): void {
    if (this.active === null && this.undecided.length > 0) this.decide(out);
    this.emitPending(out);
  }

  endBatch(): void {
    if (this.pending !== null) this.pending.message = ownString(this.pending.message);
    for (let i = 0; i < this.undecided.length; i++) this.undecided[i] = ownString(this.undecided[i]);
  }

  private decide(out: ParsedEvent[]): void {
    const samples = this.undecided.filter((line) => line.length > 0 && line.length <= MAX_PARSED_LINE);
    // Detection runs on a scratch clock so that year inference starts afresh for the real parse.
    const chosen = detectFormat(samples, this.candidates, createParseContext(this.options));
    const pinned = this.candidates.length === 1 && !this.candidates[0].fit ? this.candidates[0] : null;
    this.active = chosen ?? pinned ?? plainFormat;
    this.format = this.active.name;
    const first = this.lineNumber - this.undecided.length + 1;
    this.undecided.forEach((line, i) => this.consume(line, first + i, out));
    this.undecided.length = 0;
  }

  private consume(line: string, lineNumber: number, out: ParsedEvent[]): void {
    const format = this.active as LogFormat;
    const fields = this.fields;
    if (line.length > MAX_PARSED_LINE) {
      this.startEvent(out, {
        line: lineNumber,
        ts: null,
        level: null,
        format: plainFormat.name,
        message: line,
      });
      return;
    }
    if (format.parse(line, fields, this.ctx) !== Match.NoMatch) {
      this.startEvent(out, {
        line: lineNumber,
        ts: fields.ts,
        level: fields.level,
        format: format.name,
        message: line,
      });
      return;
    }
    const pending = this.pending;
    if (pending !== null && this.continuationLines < MAX_CONTINUATION_LINES) {
      pending.message += '\n' + line;
      this.continuationLines++;
      return;
    }
    this.startEvent(out, {
      line: lineNumber,
      ts: null,
      level: null,
      format: plainFormat.name,
      message: line,
    });
  }

  private startEvent(out: ParsedEvent[], event: ParsedEvent): void {
    this.emitPending(out);
    this.pending = event;
    this.continuationLines = 0;
  }

  private emitPending(out: ParsedEvent[]): void {
    if (this.pending !== null) out.push(this.pending);
    this.pending = null;
  }
}
