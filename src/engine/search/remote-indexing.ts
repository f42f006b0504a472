import { Worker } from 'node:worker_threads';
import type { Disposable } from '../disposable';
import type { AssignedRows, TermPostings } from './segment-index';
import { TemplateAssigner } from './template-assigner';
import type { RequestRowBatch } from '../analytics/request-rows';

/** Rows of one segment sent to the index worker: their message bytes and where each starts. */
export interface IndexBatch {
  /** The segment's first absolute row: names the segment. */
  segment: number;
  from: number;
  to: number;
  /** True when every message is 7-bit ASCII (bytes are characters). */
  ascii: boolean;
  /** The rows' message bytes, back to back. */
  bytes: Uint8Array;
  /** Offset of each row's message in `bytes`; starts[to - from] is the end of the last one. */
  starts: Uint32Array;
}

export interface IndexBatchResult extends AssignedRows {
  segment: number;
}

/**
 * What the worker is asked: templates for a batch of rows, or the request fields of placed rows (read
 * into the batch's slots; the batch's memory is handed over and comes back with the answer).
 */
export type IndexWorkerRequest = { index: IndexBatch } | { requestFields: RequestRowBatch };
export type IndexWorkerAnswer = IndexBatchResult | { requestFields: RequestRowBatch };

/** The memory of a batch of request rows, handed to the worker and back. */
export function rowBatchMemory(batch: RequestRowBatch): ArrayBuffer[] {
  return [batch.bytes, batch.ends, batch.status, batch.durationMs].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The worker's side: one template assigner per segment, fed batches in row order. Segments are indexed
 * oldest first, so a batch for a segment means the older ones are done and their assigners can go.
 */
export class BatchAssigner {
  private readonly segments = new Map<number, { assigner: TemplateAssigner; reported: number }>();
  /** Term → ids of the templates added during the current batch that hold it. */
  private readonly batchPostings = new Map<string, number[]>();

  assign(batch: IndexBatch): IndexBatchResult {
    for (const segment of this.segments.keys()) if (segment < batch.segment) this.segments.delete(segment);
    let state = this.segments.get(batch.segment);
    if (state === undefined) {
      state = { assigner: new TemplateAssigner((id, _key, terms) => this.posted(id, terms)), reported: 0 };
      this.segments.set(batch.segment, state);
    }
    const { assigner } = state;
    const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    const { starts } = batch;
    const templateOf = new Uint32Array(batch.to - batch.from);
    for (let r = 0; r < templateOf.length; r++) {
      templateOf[r] = batch.ascii
        ? assigner.ascii(bytes, starts[r], starts[r + 1])
        : assigner.text(bytes.toString('utf8', starts[r], starts[r + 1]));
    }
    const newKeys = assigner.keys.slice(state.reported);
    state.reported = assigner.keys.length;
    return {
      segment: batch.segment,
      from: batch.from,
      to: batch.to,
      templateOf,
      newKeys,
      newPostings: this.takePostings(),
    };
  }

  private posted(id: number, terms: readonly string[]): void {
    for (const term of terms) {
      let ids = this.batchPostings.get(term);
      if (ids === undefined) this.batchPostings.set(term, (ids = []));
      // A term repeated in the template is listed once.
      if (ids[ids.length - 1] !== id) ids.push(id);
    }
  }

  private takePostings(): TermPostings {
    const terms = [...this.batchPostings.keys()];
    const starts = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, t) => {
      total += this.batchPostings.get(term)!.length;
      starts[t + 1] = total;
    });
    const ids = new Uint32Array(total);
    terms.forEach((term, t) => ids.set(this.batchPostings.get(term)!, starts[t]));
    this.batchPostings.clear();
    return { terms, starts, ids };
  }
}

/**
 * The index worker seen from the engine: batches go to a worker thread, which assigns their templates
 * (and reads request fields) on the other core; answers come back in the order sent.
 */
export class IndexWorkerClient implements Disposable {
  /** Started with the first batch: a window that never receives a line (a review, standby) costs no thread. */
  private worker: Worker | null = null;
  private readonly waiting: { resolve: (r: IndexWorkerAnswer) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private shared: Uint8Array | null = null;
  /** Whether an index batch in `shared` is at the worker. */
  private sharedAtWorker = false;

  constructor(private readonly workerPath: string) {}

  /** `batch.bytes` may be a view of the caller's memory: it is copied before this returns. */
  assign(batch: IndexBatch): Promise<IndexBatchResult> {
    const shared = !this.sharedAtWorker;
    const bytes = shared ? this.intoShared(batch.bytes) : batch.bytes.slice();
    this.sharedAtWorker ||= shared;
    const message: IndexWorkerRequest = { index: { ...batch, bytes } };
    const answer = this.ask(message, [batch.starts.buffer as ArrayBuffer]) as Promise<IndexBatchResult>;
    return shared ? answer.finally(() => (this.sharedAtWorker = false)) : answer;
  }

  /**
   * Fills the batch's field slots on the worker: its arrays are handed over (nothing is copied) and
   * replaced by the same memory when it comes back.
   */
  async readRowFields(batch: RequestRowBatch): Promise<void> {
    const { count, ascii, bytes, ends, status, durationMs } = batch;
    const message = { requestFields: { count, ascii, bytes, ends, status, durationMs } };
    const answer = await this.ask(message, rowBatchMemory(batch));
    if (!('requestFields' in answer)) throw new Error('the index worker answered out of turn');
    Object.assign(batch, answer.requestFields);
  }

  private ask(message: IndexWorkerRequest, transfer: ArrayBuffer[]): Promise<IndexWorkerAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      worker.postMessage(message, transfer);
    });
  }

  /**
   * The batch's bytes in memory shared with the worker and reused from batch to batch (fresh memory
   * costs page faults; a batch of 8,192 rows is about a megabyte). Only while no other index batch is at
   * the worker: one sent meanwhile gets a copy of its own.
   */
  private intoShared(bytes: Uint8Array): Uint8Array {
    // At the bytes' own offset modulo 8: V8 copies into shared memory a byte at a time otherwise.
    const at = bytes.byteOffset & 7;
    if (this.shared === null || this.shared.length < at + bytes.length)
      this.shared = new Uint8Array(
        new SharedArrayBuffer(Math.max(at + bytes.length, 2 * (this.shared?.length ?? 0))),
      );
    this.shared.set(bytes, at);
    return this.shared.subarray(at, at + bytes.length);
  }

  dispose(): void {
    this.fail(new Error('the index worker was stopped'));
    void this.worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (answer: IndexWorkerAnswer) => this.waiting.shift()?.resolve(answer));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the index worker exited (code ${code})`)));
    return worker;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const { reject } of this.waiting.splice(0)) reject(this.failure);
  }
}
