import { MARK_LABELS, type IncidentMark, type IncidentNote } from '../../../shared/incident';
import type { SnapshotAnomaly, SnapshotAuditEntry } from '../snapshot-source';

export type TimelineItemKind = 'mark' | 'action' | 'anomaly' | 'note';

export interface TimelineItem {
  ts: number;
  kind: TimelineItemKind;
  title: string;
  detail?: string;
}

/** Marks, actions, anomalies and notes as one chronological list. */
export function timelineItems(
  marks: readonly IncidentMark[],
  audit: readonly SnapshotAuditEntry[],
  anomalies: readonly SnapshotAnomaly[],
  notes: readonly IncidentNote[],
): TimelineItem[] {
  return [
    ...marks.map((m) => ({ ts: m.ts, kind: 'mark' as const, title: MARK_LABELS[m.kind] })),
    ...audit.map((a) => ({
      ts: a.ts,
      kind: 'action' as const,
      title: a.action,
      detail: [a.summary, a.hosts?.join(', '), a.outcome].filter(Boolean).join(' · '),
    })),
    ...anomalies.map((a) => ({
      ts: a.ts,
      kind: 'anomaly' as const,
      title: a.kind,
      detail: [a.summary, a.host, a.series].filter(Boolean).join(' · '),
    })),
    ...notes.map((n) => ({
      ts: n.ts,
      kind: 'note' as const,
      title: 'Note',
      detail: n.line ? `${n.text} (line on ${n.line.host}, ${n.line.source})` : n.text,
    })),
  ].sort((a, b) => a.ts - b.ts);
}
