import { Worker } from 'node:worker_threads';
import type { Disposable } from '../disposable';

/** Where new segments get their arenas. */
export interface ArenaSource extends Disposable {
  /** A buffer of at least `bytes` bytes (a little more at most), its content undefined. */
  take(bytes: number): Buffer;
}

/** Arenas allocated when needed: their pages are first touched by whoever writes the rows. */
export const allocatedArenas: ArenaSource = {
  take: (bytes) => Buffer.allocUnsafeSlow(bytes),
  dispose: () => {},
};

/** A prepared arena is used for a request up to this share smaller than it (segments trim more unused). */
const PREPARED_SLACK = 0.02;
/** A prepared arena nobody took for this long is let go: the window stopped growing. */
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
 * Arenas whose pages were first touched on another thread. Filling fresh memory costs a page fault per
 * 4 KB on first touch: ~0.25 µs on bare metal, ~10 µs measured in virtual machines, where it was a tenth
 * of the ingest thread's time while a catch-up burst filled an empty window. While the window grows,
 * each arena taken asks for the next one to be touched by a small thread on the other core (the memory
 * is moved there and back, never shared nor copied, and counts as the process's external memory as any
 * arena does). A full window reuses dropped segments' arenas and asks for nothing.
 */
export class PrefaultedArenas implements ArenaSource {
  private worker: Worker | null = null;
  private prepared: Buffer | null = null;
  private preparing = false;
  private failed = false;
  private expiry: NodeJS.Timeout | null = null;

  /** Bytes of the arena prepared for the next segment (0 while there is none). */
  get preparedBytes(): number {
    return this.prepared?.length ?? 0;
  }

  take(bytes: number): Buffer {
    const prepared = this.prepared;
    this.prepared = null;
    this.prepare(Math.ceil(bytes * (1 + PREPARED_SLACK / 2)));
    return prepared !== null && prepared.length >= bytes && prepared.length <= bytes * (1 + PREPARED_SLACK)
      ? prepared
      : Buffer.allocUnsafeSlow(bytes);
  }

  dispose(): void {
    this.failed = true;
    this.prepared = null;
    if (this.expiry) clearTimeout(this.expiry);
    void this.worker?.terminate();
    this.worker = null;
  }

  private prepare(bytes: number): void {
    if (this.preparing || this.failed) return;
    const worker = (this.worker ??= this.start());
    this.preparing = true;
    const memory = new ArrayBuffer(bytes);
    worker.postMessage(memory, [memory]);
  }

  private start(): Worker {
    const worker = new Worker(TOUCHER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (memory: ArrayBuffer) => {
      this.preparing = false;
      if (this.failed) return;
      this.prepared = Buffer.from(memory);
      if (this.expiry) clearTimeout(this.expiry);
      this.expiry = setTimeout(() => (this.prepared = null), PREPARED_KEEP_MS);
      this.expiry.unref();
    });
    // Without the thread, arenas are allocated as they are needed.
    const stop = () => {
      this.failed = true;
      this.preparing = false;
      this.worker = null;
    };
    worker.on('error', stop);
    worker.on('exit', stop);
    return worker;
  }
}
