import type { LogEvent, StreamMarkerKind } from '../../shared/types';
import {
  createSourceParser,
  type ParsedEvent,
  type SourceParser,
  type SourceParserOptions,
} from './parser/source-parser';

export interface SourceIdentity {
  host: string;
  app: string;
  source: string;
}

/**
 * Turns one source's lines into events: parse, join multi-line events, give every event a timestamp
 * (its own, its predecessor's, or the receive time, saying which) corrected by the host's clock offset,
 * and a per-source sequence number.
 */
export class SourceIngest {
  private seq = 0;
  private lastTs: number | null = null;
  private readonly parser: SourceParser;
  private readonly parsed: ParsedEvent[] = [];

  constructor(
    readonly id: SourceIdentity,
    parserOptions: SourceParserOptions,
    private readonly clockOffsetMs: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.parser = createSourceParser(parserOptions);
  }

  get format(): string | null {
    return this.parser.format;
  }

  lines(lines: readonly string[]): LogEvent[] {
    for (const line of lines) this.parser.push(line, this.parsed);
    this.parser.endBatch();
    return this.drain();
  }

  /** Emits a multi-line event still waiting for its continuation lines (the source went quiet). */
  flush(): LogEvent[] {
    this.parser.flush(this.parsed);
    return this.drain();
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

  private drain(): LogEvent[] {
    const events: LogEvent[] = [];
    const offset = this.clockOffsetMs();
    // Fields written out (not spread from `id`): every event gets one shape, made on V8's fast path.
    const { host, app, source } = this.id;
    for (const p of this.parsed) {
      let ts: number;
      let tsOrigin: LogEvent['tsOrigin'];
      if (p.ts !== null) {
        ts = p.ts - offset;
        tsOrigin = 'parsed';
        this.lastTs = ts;
      } else if (this.lastTs !== null) {
        ts = this.lastTs;
        tsOrigin = 'inherited';
      } else {
        ts = this.now();
        tsOrigin = 'received';
      }
      events.push({ seq: this.seq++, ts, tsOrigin, host, app, source, level: p.level, message: p.message });
    }
    this.parsed.length = 0;
    return events;
  }
}
