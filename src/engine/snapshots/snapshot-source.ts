import type { Profile } from '../../shared/profile-schema';
import type { Level, StreamMarkerKind, TimestampOrigin } from '../../shared/types';
import type { IncidentMark, IncidentNote } from '../../shared/incident';

/** One event as a snapshot keeps it: a stream row without its position in a live window. */
export interface SnapshotEvent {
  ts: number;
  tsOrigin: TimestampOrigin;
  host: string;
  app: string;
  source: string;
  level: Level | null;
  message: string;
  marker?: StreamMarkerKind;
}

export interface SnapshotWindow {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
}

/** A regular series: value i covers [start + i·stepMs, start + (i+1)·stepMs). */
export interface SnapshotSeries {
  name: string;
  host?: string;
  unit?: string;
  start: number;
  stepMs: number;
  values: number[];
}

export interface SnapshotForecast {
  /** The `name` of the series it continues. */
  series: string;
  model: string;
  /** Central coverage of the interval, e.g. 0.8. */
  level: number;
  start: number;
  stepMs: number;
  forecast: number[];
  lower: number[];
  upper: number[];
}

/** Lines and error lines per host per time bucket. */
export interface SnapshotHeatmap {
  hosts: string[];
  start: number;
  bucketMs: number;
  /** lines[h][b]: events of host h in bucket b. */
  lines: number[][];
  errors: number[][];
}

export interface SnapshotAnomaly {
  ts: number;
  kind: string;
  summary: string;
  host?: string;
  series?: string;
  score?: number;
}

export interface SnapshotSignature {
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  spiking: boolean;
  example: string;
}

/** An action taken during the incident, as the audit log recorded it. */
export interface SnapshotAuditEntry {
  ts: number;
  action: string;
  summary: string;
  hosts?: string[];
  outcome?: string;
  user?: string;
}

/**
 * What an export reads. Events come as pages in merged order, oldest first, and are read once: the writer
 * never holds the window in memory. Everything else is small and given whole.
 */
export interface SnapshotSource {
  profile: Profile;
  environment: string;
  applications: string[];
  hosts: string[];
  window: SnapshotWindow;
  events(): AsyncIterable<readonly SnapshotEvent[]>;
  /** Expected number of events, for progress. */
  expectedEvents?: number;
  series?: SnapshotSeries[];
  forecasts?: SnapshotForecast[];
  /** Computed from the events when absent. */
  heatmap?: SnapshotHeatmap;
  anomalies?: SnapshotAnomaly[];
  /** Mined from the error lines of the window when absent. */
  signatures?: SnapshotSignature[];
  audit?: SnapshotAuditEntry[];
  marks?: IncidentMark[];
  notes?: IncidentNote[];
}
