import type { Level, LogEvent, StreamMarkerKind } from '../../shared/types';
import type { Disposable } from '../disposable';
import { decodeLines, type LineText } from './line-splitter';
import { createSourceParser, type SourceParser, type SourceParserOptions } from './parser/source-parser';
import { hostTimeZone } from './parser/timezone';

export interface SourceIdentity {
  host: string;
  app: string;
  source: string;
}

/** One source's lines turned into events: here (see localIngest), or on the parse worker. */
export interface SourceIngestPort extends Disposable {
  lines(lines: string[]): void;
  /** Lines not decoded yet (valid during the call). */
  text(text: LineText): void;
  /** Emits a multi-line event still waiting for its continuation lines (the source went quiet). */
  flush(): void;
  /** A marker in the source's stream, after every line before it. */
  marker(kind: StreamMarkerKind, text: string): void;
  useHostZone(offset: string, name: string | null): void;
}

/** A source parsed on this thread, its events handed to `emit` as each call makes them. */
export function localIngest(ingest: SourceIngest, emit: (events: LogEvent[]) => void): SourceIngestPort {
  const emitSome = (events: LogEvent[]) => {
    if (events.length > 0) emit(events);
  };
  return {
    lines: (lines) => emitSome(ingest.lines(lines)),
    text: (text) => emitSome(ingest.lines(decodeLines(text))),
    flush: () => emitSome(ingest.flush()),
    marker: (kind, text) => emitSome([...ingest.flush(), ingest.marker(kind, text)]),
    useHostZone: (offset, name) => ingest.useHostZone(offset, name),
    dispose: () => undefined,
  };
}

/**
 * Turns one source's lines into events: parse, join multi-line events, give every event a timestamp
 * (its own, its predecessor's, or the receive time, saying which) corrected by the host's clock offset,
 * and a per-source sequence number.
 */
export class SourceIngest {
  private seq = 0;
  private lastTs: number | null = null;
  private readonly parser: SourceParser<LogEvent>;
  /** The host's clock offset, read once per batch. */
  private offset = 0;

  constructor(
    readonly id: SourceIdentity,
    parserOptions: SourceParserOptions,
    private readonly clockOffsetMs: () => number,
    private readonly now: () => number = Date.now,
  ) {
    // The parser makes each event as it is kept (one object per event), in order, as it completes.
    this.parser = createSourceParser(parserOptions, (_line, ts, level, _format, message) =>
      this.event(ts, level, message),
    );
  }

  get format(): string | null {
    return this.parser.format;
  }

  /** Reads stamps without an offset in the host's timezone from now on (for sources the profile gives none). */
  useHostZone(offset: string, name: string | null): void {
    this.parser.useZone(hostTimeZone(offset, name));
  }

  lines(lines: readonly string[]): LogEvent[] {
    const events: LogEvent[] = [];
    this.offset = this.clockOffsetMs();
    for (const line of lines) this.parser.push(line, events);
    this.parser.endBatch();
    return events;
  }

  /** Emits a multi-line event still waiting for its continuation lines (the source went quiet). */
  flush(): LogEvent[] {
    const events: LogEvent[] = [];
    this.offset = this.clockOffsetMs();
    this.parser.flush(events);
    return events;
  }

  marker(kind: StreamMarkerKind, text: string): LogEvent {
    return {
      seq: this.seq++,
      ts: this.lastTs ?? this.now(),
      tsOrigin: 'received',
      ...this.id,
      level: null,
      message: text,
      marker: kind,
    };
  }

  /** A completed event: its timestamp (its own, its predecessor's or the receive time) and sequence number. */
  private event(parsedTs: number | null, level: Level | null, message: string): LogEvent {
    let ts: number;
    let tsOrigin: LogEvent['tsOrigin'];
    if (parsedTs !== null) {
      ts = parsedTs - this.offset;
      tsOrigin = 'parsed';
      this.lastTs = ts;
    } else if (this.lastTs !== null) {
      ts = this.lastTs;
      tsOrigin = 'inherited';
    } else {
      ts = this.now();
      tsOrigin = 'received';
    }
    // Fields written out (not spread from `id`): every event gets one shape, made on V8's fast path.
    const { host, app, source } = this.id;
    return { seq: this.seq++, ts, tsOrigin, host, app, source, level, message };
  }
}
