import path from 'node:path';
import type { SnapshotSummary } from '../../shared/snapshot-types';
import type { SnapshotManifest } from './snapshot-format';

/** What front ends are told about a snapshot file, from its manifest. */
export function snapshotSummary(file: string, bytes: number, m: SnapshotManifest): SnapshotSummary {
  return {
    file,
    name: path.basename(file),
    bytes,
    profileName: m.profile.name,
    environment: m.profile.environment,
    applications: m.profile.applications,
    hosts: m.hosts,
    window: { ...m.window },
    createdAt: m.createdAt,
    appVersion: m.appVersion,
    events: m.counts.events,
    lines: m.counts.lines,
    marks: m.counts.marks,
    notes: m.counts.notes,
    redactions: m.redactions,
    hostAddressesMasked: m.profile.hostAddressesMasked,
    mttdMs: m.incident.mttdMs,
    mttrMs: m.incident.mttrMs,
  };
}
