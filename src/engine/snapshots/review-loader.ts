import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { IncidentMark, IncidentNote } from '../../shared/incident';
import type { Profile } from '../../shared/profile-schema';
import type { SnapshotSummary } from '../../shared/snapshot-types';
import type { LogEvent } from '../../shared/types';
import type { LogStore } from '../store/log-store';
import { ENTRY, manifestSealIntact } from './snapshot-format';
import { SnapshotIntegrityError, SnapshotReader } from './snapshot-reader';
import type {
  SnapshotAnomaly,
  SnapshotAuditEntry,
  SnapshotForecast,
  SnapshotHeatmap,
  SnapshotSeries,
  SnapshotSignature,
} from './snapshot-source';
import { snapshotSummary } from './snapshot-summary';

/** Everything of a snapshot but its events, which go into a store. */
export interface ReviewData {
  summary: SnapshotSummary;
  profile: Profile;
  series: SnapshotSeries[];
  forecasts: SnapshotForecast[];
  anomalies: SnapshotAnomaly[];
  signatures: SnapshotSignature[];
  heatmap: SnapshotHeatmap;
  audit: SnapshotAuditEntry[];
  marks: IncidentMark[];
  notes: IncidentNote[];
}

/**
 * Reads a snapshot for review: every entry is checked against the manifest while it is read (a mismatch
 * throws a SnapshotIntegrityError naming it), and the events are placed in `store` in their recorded order,
 * page by page. The caller throws the store away if this fails.
 */
export async function loadSnapshotForReview(
  file: string,
  store: LogStore,
  signal?: AbortSignal,
): Promise<ReviewData> {
  const reader = await SnapshotReader.open(file);
  const { manifest } = reader;
  if (!manifestSealIntact(manifest)) {
    throw new SnapshotIntegrityError(file, [
      { entry: ENTRY.manifest, problem: 'edited after export (its own SHA-256 does not match its content)' },
    ]);
  }
  const seq = new Map<string, number>();
  let events = 0;
  for await (const page of reader.events()) {
    if (signal?.aborted) throw new Error(`opening ${file} was stopped`);
    store.placeRecorded(
      page.map((e): LogEvent => {
        const stream = `${e.host}\u0000${e.app}\u0000${e.source}`;
        const n = (seq.get(stream) ?? 0) + 1;
        seq.set(stream, n);
        return { ...e, seq: n };
      }),
    );
    events += page.length;
  }
  if (events !== manifest.counts.events) {
    throw new SnapshotIntegrityError(file, [
      { entry: ENTRY.events, problem: `holds ${events} events, the manifest says ${manifest.counts.events}` },
    ]);
  }
  const { marks, notes } = await reader.readJson<{ marks: IncidentMark[]; notes: IncidentNote[] }>(
    ENTRY.marks,
  );
  return {
    summary: snapshotSummary(file, (await stat(file)).size, manifest),
    profile: await reader.readJson<Profile>(ENTRY.profile),
    series: await reader.readJson<SnapshotSeries[]>(ENTRY.series),
    forecasts: await reader.readJson<SnapshotForecast[]>(ENTRY.forecasts),
    anomalies: await reader.readJson<SnapshotAnomaly[]>(ENTRY.anomalies),
    signatures: await reader.readJson<SnapshotSignature[]>(ENTRY.signatures),
    heatmap: await reader.readJson<SnapshotHeatmap>(ENTRY.heatmap),
    audit: await reader.readJson<SnapshotAuditEntry[]>(ENTRY.audit),
    marks: marks.map((m) => ({ ...m, id: m.id ?? randomUUID() })),
    notes: notes.map((n) => ({ ...n, id: n.id ?? randomUUID() })),
  };
}
