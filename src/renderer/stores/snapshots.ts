import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  EngineMode,
  ExportProgressEvent,
  SnapshotExportResult,
  SnapshotSummary,
} from '../../shared/snapshot-types';
import { api, events } from '../api';
import { useTimeRangeStore } from './time-range';

export interface ExportRequest {
  from: number;
  to: number;
  maskAddresses: boolean;
}

/**
 * Snapshots from the workbench's side: the engine's mode (live, reviewing a snapshot, idle with or
 * without the demo), exporting with progress and cancel, and opening a file — by path, by the demo, or
 * uploaded to the headless host when dropped in a browser.
 */
export const useSnapshotsStore = defineStore('snapshots', () => {
  const range = useTimeRangeStore();
  const mode = shallowRef<EngineMode>({ mode: 'idle', demoAvailable: false });
  /** Why the last snapshot could not be opened. */
  const problem = ref<string | null>(null);
  const exportOpen = ref(false);
  const progress = shallowRef<ExportProgressEvent | null>(null);
  const exported = shallowRef<SnapshotExportResult | null>(null);
  const exportError = ref<string | null>(null);
  const exportId = ref<string | null>(null);

  const reviewing = computed<SnapshotSummary | null>(() =>
    mode.value.mode === 'review' ? mode.value.snapshot : null,
  );
  const loading = computed(() => (mode.value.mode === 'loading' ? mode.value.file : null));
  const demoAvailable = computed(() => mode.value.mode === 'idle' && mode.value.demoAvailable);
  const exporting = computed(
    () => exportId.value !== null && progress.value !== null && !finished(progress.value),
  );

  events.on('mode', adopt);
  events.on('exportProgress', (p) => {
    if (p.id === exportId.value) progress.value = p;
  });

  function adopt(next: EngineMode): void {
    const wasReviewing = reviewing.value?.file;
    mode.value = next;
    if (next.problem) problem.value = next.problem;
    else if (next.mode === 'review') problem.value = null;
    // A recording is shown over its own window; the live span comes back with the live session.
    if (next.mode === 'review' && next.snapshot.file !== wasReviewing)
      range.zoom(next.snapshot.window.from, next.snapshot.window.to);
    else if (next.mode !== 'review' && next.mode !== 'loading' && wasReviewing) range.followLive();
  }

  async function load(): Promise<void> {
    adopt(await api.getMode({}));
  }

  function openExport(): void {
    if (reviewing.value) return;
    exportOpen.value = true;
    exported.value = null;
    exportError.value = null;
    progress.value = null;
  }

  function closeExport(): void {
    if (exporting.value) return;
    exportOpen.value = false;
  }

  async function startExport(request: ExportRequest): Promise<void> {
    const id = crypto.randomUUID();
    exportId.value = id;
    exported.value = null;
    exportError.value = null;
    progress.value = { id, phase: 'events', done: 0, total: null, bytesWritten: 0 };
    try {
      exported.value = await api.exportSnapshot({ id, ...request });
    } catch (err) {
      exportError.value = progress.value?.phase === 'cancelled' ? null : (err as Error).message;
    } finally {
      if (exportId.value === id) exportId.value = null;
      progress.value = progress.value ? { ...progress.value } : null;
    }
  }

  async function cancelExport(): Promise<void> {
    if (exportId.value) await api.cancelExport({ id: exportId.value });
  }

  async function open(params: { file: string } | { demo: true }): Promise<boolean> {
    try {
      await api.openSnapshot(params);
      return true;
    } catch (err) {
      problem.value = (err as Error).message;
      return false;
    }
  }

  /** A file dropped in a browser: sent to the headless host, which keeps it in a temp folder, then opened. */
  async function uploadAndOpen(file: Blob & { name: string }): Promise<boolean> {
    const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
    try {
      const res = await fetch('/snapshots', {
        method: 'POST',
        body: file,
        headers: { 'content-type': 'application/octet-stream', 'x-watchfloor-token': token },
      });
      const answer = (await res.json()) as { file?: string; error?: string };
      if (!res.ok || !answer.file) throw new Error(answer.error ?? `the host answered ${res.status}`);
      return await open({ file: answer.file });
    } catch (err) {
      problem.value = `${file.name} could not be uploaded: ${(err as Error).message}`;
      return false;
    }
  }

  async function close(): Promise<void> {
    await api.closeSnapshot({});
  }

  return {
    mode,
    problem,
    reviewing,
    loading,
    demoAvailable,
    exportOpen,
    progress,
    exported,
    exportError,
    exporting,
    load,
    openExport,
    closeExport,
    startExport,
    cancelExport,
    open,
    uploadAndOpen,
    close,
    dismissProblem: () => (problem.value = null),
  };
});

function finished(p: ExportProgressEvent): boolean {
  return p.phase === 'done' || p.phase === 'cancelled' || p.phase === 'failed';
}
