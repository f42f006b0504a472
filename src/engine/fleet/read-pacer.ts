import { Readable } from 'node:stream';
import type { Client } from 'ssh2';
import type { Disposable } from '../disposable';

/** Processing of received data one turn of the event loop may take before reading waits for the next turn. */
const DEFAULT_BUDGET_MS = 40;

/**
 * Keeps a burst from holding the event loop. libuv reads up to 2 MB per socket per turn, so a hundred
 * hosts catching up delivered hundreds of MB in one turn, processed before any timer, UI request or
 * index step ran (stalls of seconds). Received data is still processed as it arrives; once a turn has
 * spent its budget on it, every connection's transport is paused (the kernel's buffers fill and TCP
 * holds the servers back) until the turn ends, so the commit timer, requests and indexing get theirs.
 */
export class ReadPacer implements Disposable {
  private readonly transports = new Set<Readable>();
  private spentMs = 0;
  private paused = false;
  private turnEnd: NodeJS.Immediate | null = null;
  private disposed = false;

  /**
   * `backlogged`: work handed on elsewhere (lines to the parse worker) is more than it should be; reading
   * then waits until `wake` is called with it gone, so that a flood faster than parsing holds the servers
   * back instead of filling memory.
   */
  constructor(
    private readonly budgetMs = DEFAULT_BUDGET_MS,
    private readonly clock: () => number = () => performance.now(),
    private readonly backlogged: () => boolean = () => false,
  ) {}

  /** Runs `work` on data read from `transport`, counting its time against this turn's budget. */
  process(transport: Readable | null, work: () => void): void {
    if (transport && !this.transports.has(transport)) {
      this.transports.add(transport);
      transport.once('close', () => this.transports.delete(transport));
      if (this.paused) transport.pause();
    }
    const started = this.clock();
    try {
      work();
    } finally {
      this.spentMs += this.clock() - started;
      this.turnEnd ??= setImmediate(() => this.endTurn());
      if ((this.spentMs > this.budgetMs || this.backlogged()) && !this.paused) {
        this.paused = true;
        for (const each of this.transports) each.pause();
      }
    }
  }

  /** The backlog may be gone: reading resumes unless a turn is still spending its budget or it is not. */
  wake(): void {
    if (this.turnEnd === null) this.endTurn();
  }

  dispose(): void {
    if (this.turnEnd) clearImmediate(this.turnEnd);
    this.turnEnd = null;
    this.disposed = true;
    this.endTurn();
    this.transports.clear();
  }

  private endTurn(): void {
    this.turnEnd = null;
    this.spentMs = 0;
    if (!this.paused || (this.backlogged() && !this.disposed)) return;
    this.paused = false;
    for (const each of this.transports) each.resume();
  }
}

/** The stream an ssh2 client reads its server from: its TCP socket, a jump host's channel or a ProxyCommand's pipe. */
export function transportOf(client: Client | null): Readable | null {
  // ssh2 (1.x) keeps it as `_sock` and offers no accessor.
  const sock = (client as unknown as { _sock?: unknown } | null)?._sock;
  return sock instanceof Readable ? sock : null;
}
