import { stat } from 'node:fs/promises';
import type { ExportProgressEvent, SnapshotExportResult } from '../../shared/snapshot-types';
import type { SnapshotSource } from './snapshot-source';
import { snapshotSummary } from './snapshot-summary';
import { ExportCancelledError, writeSnapshot, type ExportOptions } from './snapshot-writer';

export interface SnapshotExportsOptions {
  appVersion: string;
  onProgress: (progress: ExportProgressEvent) => void;
  now?: () => number;
  /** Progress is reported at most this often while events stream. */
  progressIntervalMs?: number;
}

/** Exports under way, each cancellable by its id; progress is reported under the same id. */
export class SnapshotExports {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: SnapshotExportsOptions) {}

  get active(): number {
    return this.running.size;
  }

  async run(
    id: string,
    file: string,
    source: SnapshotSource,
    options: Pick<ExportOptions, 'maskHostAddresses'> = {},
  ): Promise<SnapshotExportResult> {
    if (this.running.has(id)) throw new Error(`an export with id "${id}" is already running`);
    const controller = new AbortController();
    this.running.set(id, controller);
    const now = this.options.now ?? Date.now;
    const every = this.options.progressIntervalMs ?? 100;
    const total = source.expectedEvents ?? null;
    let last = 0;
    let done = 0;
    let bytesWritten = 0;
    const report = (phase: ExportProgressEvent['phase'], error?: string) =>
      this.options.onProgress({ id, phase, done, total, bytesWritten, ...(error ? { error } : {}) });
    try {
      const manifest = await writeSnapshot(file, source, {
        appVersion: this.options.appVersion,
        now,
        maskHostAddresses: options.maskHostAddresses,
        signal: controller.signal,
        onProgress: (p) => {
          done = p.events;
          bytesWritten = p.bytesWritten;
          if (p.phase === 'events' && now() - last < every) return;
          last = now();
          report(p.phase);
        },
      });
      return { id, file, summary: snapshotSummary(file, (await stat(file)).size, manifest) };
    } catch (err) {
      if (err instanceof ExportCancelledError) report('cancelled');
      else report('failed', (err as Error).message);
      throw err;
    } finally {
      this.running.delete(id);
    }
  }

  cancel(id: string): boolean {
    const controller = this.running.get(id);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
