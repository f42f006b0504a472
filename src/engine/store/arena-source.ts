import { Worker } from 'node:worker_threads';
import type { Disposable } from '../disposable';

/** Where new segments get their memory: message arenas and row columns. */
export interface ArenaSource extends Disposable {
  /** A buffer of at least `bytes` bytes (a little more at most) starting a buffer of its own, its content undefined. */
  take(bytes: number): Buffer;
}

/** Memory allocated when needed: its pages are first touched by whoever writes the rows. */
export const allocatedArenas: ArenaSource = {
  take: (bytes) => Buffer.allocUnsafeSlow(bytes),
  dispose: () => {},
};

/** A prepared buffer is used for a request up to this share smaller than it (segments trim more unused). */
const PREPARED_SLACK = 0.02;
/** Buffers kept ready per size asked for: segments started in quick succession each find one. */
const PREPARED_PER_SIZE = 2;
/** Buffers ready or being touched, in all sizes (a segment asks for its arena and its columns). */
const PREPARED_MAX = 4;
/** Prepared buffers nobody took for this long are let go: the window stopped growing. */
const PREPARED_KEEP_MS = 10_000;

/** The toucher thread: writes one byte per 4 KB page of each buffer it gets, then hands it back. */
const TOUCHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (memory) => {
  const bytes = new Uint8Array(memory);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
  parentPort.postMessage(memory, [memory]);
});
`;

/**
 * Buffers whose pages were first touched on another thread. Filling fresh memory costs a page fault per
 * 4 KB on first touch: ~0.25 µs on bare metal, 10–14 µs measured in virtual machines, where it was a tenth
 * of the ingest thread's time while a catch-up burst filled an empty window. While the window grows, each
 * buffer taken asks for more of its size to be touched by a small thread on the other core, two ahead (the
 * memory is moved there and back, never shared nor copied, and counts as the process's external memory as
 * any arena does). A full window reuses dropped segments' storage and asks for nothing.
 */
export class PrefaultedArenas implements ArenaSource {
  private worker: Worker | null = null;
  private readonly prepared: Buffer[] = [];
  /** Sizes sent to the toucher thread and not back yet. */
  private readonly preparing: number[] = [];
  private failed = false;
  private expiry: NodeJS.Timeout | null = null;

  /** Bytes of the buffers prepared and not taken yet. */
  get preparedBytes(): number {
    return this.prepared.reduce((sum, buffer) => sum + buffer.length, 0);
  }

  take(bytes: number): Buffer {
    const at = this.prepared.findIndex((buffer) => fits(buffer.length, bytes));
    const found = at >= 0 ? this.prepared.splice(at, 1)[0] : null;
    this.prepareAhead(bytes);
    return found ?? Buffer.allocUnsafeSlow(bytes);
  }

  dispose(): void {
    this.failed = true;
    this.prepared.length = 0;
    if (this.expiry) clearTimeout(this.expiry);
    void this.worker?.terminate();
    this.worker = null;
  }

  private prepareAhead(bytes: number): void {
    if (this.failed) return;
    const ready =
      this.prepared.filter((buffer) => fits(buffer.length, bytes)).length +
      this.preparing.filter((size) => fits(size, bytes)).length;
    for (let more = PREPARED_PER_SIZE - ready; more > 0; more--) {
      if (this.prepared.length + this.preparing.length >= PREPARED_MAX) {
        // Make room by letting go of the oldest buffer of another size: sizes drift as messages do.
        const stale = this.prepared.findIndex((buffer) => !fits(buffer.length, bytes));
        if (stale < 0) return;
        this.prepared.splice(stale, 1);
      }
      const size = Math.ceil(bytes * (1 + PREPARED_SLACK / 2));
      const worker = (this.worker ??= this.start());
      this.preparing.push(size);
      const memory = new ArrayBuffer(size);
      worker.postMessage(memory, [memory]);
    }
  }

  private start(): Worker {
    const worker = new Worker(TOUCHER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (memory: ArrayBuffer) => {
      const at = this.preparing.indexOf(memory.byteLength);
      if (at >= 0) this.preparing.splice(at, 1);
      if (this.failed) return;
      this.prepared.push(Buffer.from(memory));
      if (this.expiry) clearTimeout(this.expiry);
      this.expiry = setTimeout(() => (this.prepared.length = 0), PREPARED_KEEP_MS);
      this.expiry.unref();
    });
    // Without the thread, buffers are allocated as they are needed.
    const stop = () => {
      this.failed = true;
      this.preparing.length = 0;
      this.worker = null;
    };
    worker.on('error', stop);
    worker.on('exit', stop);
    return worker;
  }
}

/** Whether a prepared buffer of `length` bytes serves a request for `bytes`. */
function fits(length: number, bytes: number): boolean {
  return length >= bytes && length <= bytes * (1 + PREPARED_SLACK);
}
