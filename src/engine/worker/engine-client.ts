import { Worker } from 'node:worker_threads';
import type { EventName, EventPayload, RequestOutcome } from '../../shared/api';
import type { Disposable } from '../disposable';
import { TypedEmitter } from '../typed-emitter';
import type { EngineEvents } from '../engine';
import type { EngineWorkerData, FromEngine, ToEngine } from './protocol';

/**
 * The engine as seen from Electron's main process or the headless host: requests go to a worker thread,
 * events come back. Outcomes are passed through untouched so each transport relays them as they are.
 */
export class EngineClient implements Disposable {
  readonly events = new TypedEmitter<EngineEvents>();
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: RequestOutcome<unknown>) => void>();

  constructor(workerPath: string, data: EngineWorkerData) {
    this.worker = new Worker(workerPath, { workerData: data });
    this.worker.on('message', (message: FromEngine) => {
      if (message.kind === 'response') {
        this.pending.get(message.id)?.(message.outcome);
        this.pending.delete(message.id);
      } else {
        this.events.emit(message.name, message.payload as EventPayload<EventName>);
      }
    });
    this.worker.on('error', (err) => this.failAll(`the engine stopped: ${err.message}`));
    this.worker.on('exit', (code) => this.failAll(`the engine exited (code ${code})`));
  }

  request(name: string, params: unknown): Promise<RequestOutcome<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ kind: 'request', id, name, params } satisfies ToEngine);
    });
  }

  /** Lets the engine close its connections, then stops the thread (forcibly after a grace period). */
  async dispose(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ kind: 'shutdown' } satisfies ToEngine);
    const grace = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(grace);
  }

  private failAll(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { message } });
    this.pending.clear();
  }
}
