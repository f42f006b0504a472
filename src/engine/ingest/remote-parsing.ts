import { Worker } from 'node:worker_threads';
import type { LogEvent, StreamMarkerKind } from '../../shared/types';
import type { Disposable } from '../disposable';
import { parsedRowsMemory, ParsedRowsBuilder, type ParsedRows } from './parsed-rows';
import { createSourceParser, type SourceParserOptions } from './parser/source-parser';
import { SourceIngest, type SourceIdentity, type SourceIngestPort } from './source-ingest';

/**
 * What is asked of the parse worker, per source (numbered by the client). Every request carries the
 * ingest thread's clock and the host's clock offset at the time it was made, so that events get the
 * times they would have got there.
 */
export type ParseRequest =
  | { open: number; identity: SourceIdentity; options: SourceParserOptions }
  | { lines: number; batch: string[]; now: number; offsetMs: number }
  | { flush: number; now: number; offsetMs: number }
  | { marker: number; kind: StreamMarkerKind; text: string; now: number; offsetMs: number }
  | { zone: number; offset: string; name: string | null }
  | { close: number };

/** Rows of one source, in its order; answers come in the order of the requests that made them. */
export interface ParseAnswer {
  source: number;
  rows: ParsedRows;
}

/**
 * The worker's side: a SourceIngest per source, each request's events gathered into columns. The clock
 * and offset a request carries are the ones its source's ingest reads while handling it.
 */
export class ParseService {
  private readonly sources = new Map<number, SourceIngest>();
  private readonly builder = new ParsedRowsBuilder();
  private now = 0;
  private offsetMs = 0;

  /** Handles a request; returns the rows it made, if any. */
  handle(request: ParseRequest): ParseAnswer | null {
    if ('open' in request) {
      this.sources.set(
        request.open,
        new SourceIngest(
          request.identity,
          request.options,
          () => this.offsetMs,
          () => this.now,
        ),
      );
      return null;
    }
    if ('close' in request) {
      this.sources.delete(request.close);
      return null;
    }
    if ('zone' in request) {
      this.sources.get(request.zone)?.useHostZone(request.offset, request.name);
      return null;
    }
    this.now = request.now;
    this.offsetMs = request.offsetMs;
    const [source, work] = eventsOf(request);
    const ingest = this.sources.get(source);
    if (ingest) this.builder.add(work(ingest));
    return this.builder.count === 0 ? null : { source, rows: this.builder.take() };
  }
}

/** Which source a request that makes events is for, and what it asks of that source's ingest. */
function eventsOf(
  request: Extract<ParseRequest, { now: number }>,
): [source: number, work: (ingest: SourceIngest) => LogEvent[]] {
  if ('lines' in request) return [request.lines, (ingest) => ingest.lines(request.batch)];
  if ('flush' in request) return [request.flush, (ingest) => ingest.flush()];
  return [request.marker, (ingest) => [...ingest.flush(), ingest.marker(request.kind, request.text)]];
}

export type RowsSink = (source: SourceIdentity, rows: ParsedRows) => void;

interface RemoteSource {
  identity: SourceIdentity;
  options: SourceParserOptions;
  /** The host's timezone, once known: for parsing here if the worker fails. */
  zone: [offset: string, name: string | null] | null;
}

/**
 * The parse worker seen from the ingest thread: sources' lines go to a worker thread, which parses them
 * on the other core and sends back columns, handed to `sink` in each source's order. Started with the
 * first source. Should the worker fail, `onFailure` is told and every source is parsed here from then on,
 * by the same service the worker runs (what was at the worker then is lost, and said so by the caller).
 */
export class ParseWorkerClient implements Disposable {
  private worker: Worker | null = null;
  private readonly sources = new Map<number, RemoteSource>();
  private nextSource = 0;
  private local: ParseService | null = null;
  private disposed = false;

  constructor(
    private readonly workerPath: string,
    private readonly sink: RowsSink,
    private readonly onFailure: (err: Error) => void,
  ) {}

  /**
   * A source parsed on the worker. Its options are checked here first: a bad pattern or format is the
   * caller's error, thrown now as it would be without a worker.
   */
  open(
    identity: SourceIdentity,
    options: SourceParserOptions,
    clockOffsetMs: () => number,
    now: () => number,
  ): SourceIngestPort {
    createSourceParser(options);
    const id = this.nextSource++;
    const source: RemoteSource = { identity, options, zone: null };
    this.sources.set(id, source);
    this.send({ open: id, identity, options });
    return {
      lines: (batch) => this.send({ lines: id, batch, now: now(), offsetMs: clockOffsetMs() }),
      flush: () => this.send({ flush: id, now: now(), offsetMs: clockOffsetMs() }),
      marker: (kind, text) => this.send({ marker: id, kind, text, now: now(), offsetMs: clockOffsetMs() }),
      useHostZone: (offset, name) => {
        source.zone = [offset, name];
        this.send({ zone: id, offset, name });
      },
      dispose: () => {
        if (this.sources.delete(id)) this.send({ close: id });
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.sources.clear();
    void this.worker?.terminate();
    this.worker = null;
  }

  private send(request: ParseRequest): void {
    if (this.disposed) return;
    if (this.local === null) {
      (this.worker ??= this.start()).postMessage(request);
      return;
    }
    const answer = this.local.handle(request);
    if (answer) this.deliver(answer);
  }

  private deliver({ source, rows }: ParseAnswer): void {
    const from = this.sources.get(source);
    if (from) this.sink(from.identity, rows);
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (answer: ParseAnswer) => this.deliver(answer));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the parse worker exited (code ${code})`)));
    return worker;
  }

  private fail(err: Error): void {
    if (this.local !== null || this.disposed) return;
    this.worker = null;
    const local = (this.local = new ParseService());
    for (const [id, { identity, options, zone }] of this.sources) {
      local.handle({ open: id, identity, options });
      if (zone) local.handle({ zone: id, offset: zone[0], name: zone[1] });
    }
    this.onFailure(err);
  }
}

/** Memory of an answer's rows, moved to the ingest thread with it. */
export function answerMemory(answer: ParseAnswer): ArrayBuffer[] {
  return parsedRowsMemory(answer.rows);
}
