import { Worker } from 'node:worker_threads';
import type { LogEvent, StreamMarkerKind } from '../../shared/types';
import type { Disposable } from '../disposable';
import { ParsedRowsBuilder, rowsAt, rowsBytes, type ParsedRows } from './parsed-rows';
import { decodeLines, type LineEnd, type LineText } from './line-splitter';
import { SharedSlotPool, SharedSlots } from './shared-slots';
import { copyWithShared } from '../store/byte-copy';
import { createSourceParser, type SourceParserOptions } from './parser/source-parser';
import { SourceIngest, type SourceIdentity, type SourceIngestPort } from './source-ingest';

/** What a request that makes events carries besides its own: see ParseRequest. */
interface EventRequest {
  now: number;
  offsetMs: number;
}

/**
 * What is asked of the parse worker, per source (numbered by the client). Every request that makes events
 * carries the ingest thread's clock and the host's clock offset at the time it was made, so that events
 * get the times they would have got there. Lines handed over as bytes come in a slot of the text memory
 * (`slot`), or, too long for one, in a buffer of their own (`bytes`).
 */
export type ParseRequest =
  | {
      setup: {
        text: SharedArrayBuffer;
        textSlotBytes: number;
        rows: SharedArrayBuffer;
        rowSlotBytes: number;
        /** Which row slots are taken (see SharedSlotPool). */
        rowsTaken: SharedArrayBuffer;
      };
    }
  | { open: number; identity: SourceIdentity; options: SourceParserOptions }
  | ({ lines: number; batch: string[] } & EventRequest)
  | ({
      raw: number;
      slot: number;
      bytes?: Uint8Array;
      length: number;
      lineEnd: LineEnd;
      maxLineBytes: number;
    } & EventRequest)
  | ({ flush: number } & EventRequest)
  | ({ marker: number; kind: StreamMarkerKind; text: string } & EventRequest)
  | { zone: number; offset: string; name: string | null }
  | { close: number };

/** Rows as they travel: in a slot of the rows memory, or (too many for one) as columns of their own. */
export type RowsOnTheWire = { slot: number; count: number; byteCount: number } | ParsedRows;

/**
 * Rows of one source, in its order; answers come in the order of the requests that made them. Lines
 * handed over in a slot are always answered, the slot coming back (`textSlot`) for the next ones.
 */
export interface ParseAnswer {
  source: number;
  rows: RowsOnTheWire | null;
  textSlot?: number;
}

/**
 * A slot holds a received chunk's lines (an SSH channel packet is at most 32 KB) after the start of a line
 * carried from the chunk before (room for 4 KB of it); a longer text travels apart.
 */
const TEXT_SLOT_BYTES = 36 * 1024;
/** A slot holds the rows of such a chunk: its bytes and 24 bytes of columns per row (lines of 50 bytes or more). */
const ROW_SLOT_BYTES = 48 * 1024;
/**
 * Requests posted to the worker as one message at most: a turn of the event loop may read hundreds of
 * chunks, which the worker should start on as they come (and answer into the row slots there are).
 */
const BATCH_REQUESTS = 16;
/**
 * Slots of lines: chunks on their way at once. All of them at the worker (about 60,000 lines of 120 bytes)
 * means parsing is that far behind, and reading waits.
 */
const TEXT_SLOTS = 256;
/**
 * Slots of rows: twice as many, as chunks read once every text slot is taken (what was read before reading
 * stopped) go in buffers of their own, and their rows want slots too.
 */
const ROW_SLOTS = 2 * TEXT_SLOTS;

/**
 * The worker's side: a SourceIngest per source, each request's events gathered into columns. The clock
 * and offset a request carries are the ones its source's ingest reads while handling it. Without shared
 * memory (parsing on the ingest thread itself), rows come in buffers of their own.
 */
export class ParseService {
  private readonly sources = new Map<number, SourceIngest>();
  private readonly builder = new ParsedRowsBuilder();
  private textSlots: SharedSlots | null = null;
  private rowSlots: SharedSlotPool | null = null;
  private now = 0;
  private offsetMs = 0;

  /** Handles a request; returns the rows it made, if any. */
  handle(request: ParseRequest): ParseAnswer | null {
    if ('setup' in request) {
      const { text, textSlotBytes, rows, rowSlotBytes, rowsTaken } = request.setup;
      this.textSlots = new SharedSlots(textSlotBytes, text.byteLength / textSlotBytes, text);
      this.rowSlots = new SharedSlotPool(rowSlotBytes, rows.byteLength / rowSlotBytes, {
        memory: rows,
        taken: rowsTaken,
      });
      return null;
    }
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
    const [source, work] = eventsOf(request, this.textSlots);
    const ingest = this.sources.get(source);
    if (ingest) this.builder.add(work(ingest));
    const rows = this.builder.count === 0 ? null : this.takeRows();
    if ('raw' in request && request.slot >= 0) return { source, rows, textSlot: request.slot };
    return rows === null ? null : { source, rows };
  }

  /** The rows gathered, in a free slot when they fit one. */
  private takeRows(): RowsOnTheWire {
    const slots = this.rowSlots;
    const { count, byteCount } = this.builder;
    if (slots !== null && rowsBytes(count, byteCount) <= slots.slotBytes) {
      const slot = slots.take();
      if (slot >= 0) {
        this.builder.takeInto(slots.memory, slots.offsetOf(slot));
        return { slot, count, byteCount };
      }
    }
    return this.builder.take();
  }
}

/** Which source a request that makes events is for, and what it asks of that source's ingest. */
function eventsOf(
  request: Extract<ParseRequest, { now: number }>,
  textSlots: SharedSlots | null,
): [source: number, work: (ingest: SourceIngest) => LogEvent[]] {
  if ('lines' in request) return [request.lines, (ingest) => ingest.lines(request.batch)];
  if ('raw' in request) {
    const { slot, length, lineEnd, maxLineBytes } = request;
    const bytes = slot >= 0 && textSlots !== null ? textSlots.view(slot, length) : request.bytes!;
    return [request.raw, (ingest) => ingest.lines(decodeLines({ bytes, lineEnd, maxLineBytes }))];
  }
  if ('flush' in request) return [request.flush, (ingest) => ingest.flush()];
  return [request.marker, (ingest) => [...ingest.flush(), ingest.marker(request.kind, request.text)]];
}

/** Lines handed on to be parsed and not parsed yet: while `full`, reading waits (see ReadPacer). */
export interface IngestBacklog {
  readonly full: boolean;
  /** Called when a full backlog has room again. */
  onRoom(listener: () => void): Disposable;
}

/** Receives a source's rows, valid during the call (their memory is reused after it). */
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
export class ParseWorkerClient implements IngestBacklog, Disposable {
  private worker: Worker | null = null;
  private readonly sources = new Map<number, RemoteSource>();
  private nextSource = 0;
  private local: ParseService | null = null;
  private disposed = false;
  /** Memory shared with the worker: lines written here, rows written there. */
  private readonly textSlots = new SharedSlots(TEXT_SLOT_BYTES, TEXT_SLOTS);
  private readonly rowSlots = new SharedSlotPool(ROW_SLOT_BYTES, ROW_SLOTS);
  private readonly roomListeners = new Set<() => void>();
  private holding = false;
  /** Requests of this turn not posted yet, and the memory they hand over (see post). */
  private outbox: ParseRequest[] = [];
  private outboxTransfer: ArrayBuffer[] = [];
  private posting: NodeJS.Immediate | null = null;

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
    const at = () => ({ now: now(), offsetMs: clockOffsetMs() });
    return {
      lines: (batch) => this.send({ lines: id, batch, ...at() }),
      text: (text) => this.sendText(id, text, at()),
      flush: () => this.send({ flush: id, ...at() }),
      marker: (kind, text) => this.send({ marker: id, kind, text, ...at() }),
      useHostZone: (offset, name) => {
        source.zone = [offset, name];
        this.send({ zone: id, offset, name });
      },
      dispose: () => {
        if (this.sources.delete(id)) this.send({ close: id });
      },
    };
  }

  /**
   * Every text slot went to the worker (it is a whole burst behind), and not a quarter of them has come
   * back yet: reading resumes with room for a while, not a chunk at a time.
   */
  get full(): boolean {
    return this.holding && this.local === null;
  }

  onRoom(listener: () => void): Disposable {
    this.roomListeners.add(listener);
    return { dispose: () => this.roomListeners.delete(listener) };
  }

  dispose(): void {
    this.disposed = true;
    this.roomListeners.clear();
    this.sources.clear();
    if (this.posting) clearImmediate(this.posting);
    this.posting = null;
    this.outbox = [];
    this.outboxTransfer = [];
    void this.worker?.terminate();
    this.worker = null;
  }

  /**
   * Lines as bytes, a view of a received chunk valid during the call: copied into a slot of the text
   * memory (parsing here, once the worker has failed, reads them where they are).
   */
  private sendText(id: number, text: LineText, at: EventRequest): void {
    const { head, bytes, lineEnd, maxLineBytes } = text;
    const headLength = head?.length ?? 0;
    const length = headLength + bytes.length;
    const request = { raw: id, length, lineEnd, maxLineBytes, ...at };
    if (this.local !== null) {
      this.send({ ...request, slot: -1, bytes: head === undefined ? bytes : Buffer.concat([head, bytes]) });
      return;
    }
    const slot = length <= this.textSlots.slotBytes ? this.textSlots.take() : -1;
    if (this.textSlots.available === 0) this.holding = true;
    const into = slot >= 0 ? this.textSlots.view(slot, length) : new Uint8Array(length);
    if (head !== undefined) into.set(head);
    copyWithShared(bytes, into, headLength);
    if (slot >= 0) this.send({ ...request, slot });
    else this.send({ ...request, slot: -1, bytes: into }, [into.buffer as ArrayBuffer]);
  }

  private send(request: ParseRequest, transfer: ArrayBuffer[] = []): void {
    if (this.disposed) return;
    if (this.local !== null) {
      const answer = this.local.handle(request);
      if (answer) this.deliver(answer);
      return;
    }
    if (this.worker === null) {
      this.worker = this.start();
      const setup = {
        text: this.textSlots.memory,
        textSlotBytes: this.textSlots.slotBytes,
        rows: this.rowSlots.memory,
        rowSlotBytes: this.rowSlots.slotBytes,
        rowsTaken: this.rowSlots.taken.buffer as SharedArrayBuffer,
      };
      this.outbox.push({ setup });
    }
    this.outbox.push(request);
    this.outboxTransfer.push(...transfer);
    if (this.outbox.length >= BATCH_REQUESTS) this.post();
    else this.posting ??= setImmediate(this.post);
  }

  /**
   * Posts the requests gathered as one message, when there are BATCH_REQUESTS of them or at the end of the
   * turn of the event loop: a hundred hosts' reads cost a message's work on each side per batch instead of
   * per received chunk.
   */
  private readonly post = (): void => {
    if (this.posting) clearImmediate(this.posting);
    this.posting = null;
    if (this.outbox.length === 0) return;
    const requests = this.outbox;
    const transfer = this.outboxTransfer;
    this.outbox = [];
    this.outboxTransfer = [];
    // A worker that failed meanwhile took what was on its way with it (see fail).
    if (this.worker !== null && !this.disposed) this.worker.postMessage(requests, transfer);
  };

  /** Hands an answer's rows to the sink (valid during the call), then frees the slots it used. */
  private deliver({ source, rows, textSlot }: ParseAnswer): void {
    if (textSlot !== undefined) {
      this.textSlots.give(textSlot);
      if (this.holding && this.textSlots.available >= this.textSlots.count / 4) {
        this.holding = false;
        for (const listener of this.roomListeners) listener();
      }
    }
    if (rows === null) return;
    const from = this.sources.get(source);
    if ('slot' in rows) {
      const { slot, count, byteCount } = rows;
      if (from)
        this.sink(
          from.identity,
          rowsAt(this.rowSlots.memory, this.rowSlots.offsetOf(slot), count, byteCount),
        );
      this.rowSlots.give(slot);
    } else if (from) {
      this.sink(from.identity, rows);
    }
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (answers: ParseAnswer[]) => {
      for (const answer of answers) this.deliver(answer);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the parse worker exited (code ${code})`)));
    return worker;
  }

  /** Parses here from now on, by the same service; the slots the worker had are never given back. */
  private fail(err: Error): void {
    if (this.local !== null || this.disposed) return;
    this.worker = null;
    const local = (this.local = new ParseService());
    for (const listener of this.roomListeners) listener();
    for (const [id, { identity, options, zone }] of this.sources) {
      local.handle({ open: id, identity, options });
      if (zone) local.handle({ zone: id, offset: zone[0], name: zone[1] });
    }
    this.onFailure(err);
  }
}

/** The memory an answer moves to the ingest thread: rows that did not fit a slot. */
export function answerTransfer(answer: ParseAnswer): ArrayBuffer[] {
  return answer.rows !== null && !('slot' in answer.rows) ? [answer.rows.ts.buffer as ArrayBuffer] : [];
}
