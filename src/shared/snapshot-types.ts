// What front ends see of incident snapshots: the summary of one, export progress, and the engine's mode.

/** A snapshot as the workbench describes it: where it is, what it holds, when it was recorded. */
export interface SnapshotSummary {
  /** Absolute path of the .wfsnap file. */
  file: string;
  /** The file's name, for titles and banners. */
  name: string;
  bytes: number;
  profileName: string;
  environment: string;
  applications: string[];
  hosts: string[];
  /** The incident window, epoch ms. */
  window: { from: number; to: number };
  /** When it was exported, epoch ms. */
  createdAt: number;
  appVersion: string;
  events: number;
  lines: number;
  marks: number;
  notes: number;
  /** Secrets replaced, per rule. */
  redactions: Record<string, number>;
  hostAddressesMasked: boolean;
  mttdMs: number | null;
  mttrMs: number | null;
}

export interface SnapshotExportResult {
  id: string;
  file: string;
  summary: SnapshotSummary;
}

/** How far an export has come; `total` is an estimate of the events (null when unknown). */
export interface ExportProgressEvent {
  id: string;
  phase: 'events' | 'finishing' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number | null;
  bytesWritten: number;
  /** Set when the phase is `failed`. */
  error?: string;
}

/**
 * What the engine is doing: nothing yet, following a live session, or showing a snapshot read-only
 * (connecting is refused until it is closed).
 */
export type EngineMode = (
  | { mode: 'idle'; demoAvailable: boolean }
  | { mode: 'live' }
  | { mode: 'loading'; file: string }
  | { mode: 'review'; snapshot: SnapshotSummary }
) & {
  /** Why the last snapshot could not be opened (sent once, with the mode that stays). */
  problem?: string;
};
