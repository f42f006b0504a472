// Marks and notes the engineer places during an incident, and the response times computed from them.
// Shared by the engine (which keeps them for every window and writes them into snapshots), the renderer
// and the report. Pure TypeScript.

export const MARK_KINDS = ['incident-start', 'detected', 'mitigated', 'resolved'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export const MARK_LABELS: Record<MarkKind, string> = {
  'incident-start': 'Incident start',
  detected: 'Detected',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

export interface IncidentMark {
  /** Set by the engine; marks read from older snapshots may have none. */
  id?: string;
  kind: MarkKind;
  /** The moment the mark stands for, epoch ms (may be earlier than when it was placed). */
  ts: number;
  /** When it was placed, epoch ms; a later placement of the same kind corrects an earlier one. */
  placedAt?: number;
}

/** A log line a note refers to. */
export interface LineRef {
  host: string;
  source: string;
  ts: number;
  /** The line's text, so the note still finds it where timestamps repeat. */
  message?: string;
}

export interface IncidentNote {
  /** Set by the engine; notes read from older snapshots may have none. */
  id?: string;
  ts: number;
  text: string;
  line?: LineRef;
}

export interface IncidentTimeline {
  /** The mark in force for each kind, null when not placed. */
  marks: Record<MarkKind, number | null>;
  /** Time to detect: detected − incident start. */
  mttdMs: number | null;
  /** Time to resolve: resolved − detected. */
  mttrMs: number | null;
  /** Time to mitigate: mitigated − detected. */
  mttmMs: number | null;
  /** Marks out of order (e.g. resolved before detected), in words; the durations involved are left null. */
  problems: string[];
}

/** The marks and notes of the incident at hand, and the timeline computed from them. */
export interface IncidentState {
  marks: IncidentMark[];
  notes: IncidentNote[];
  timeline: IncidentTimeline;
}

const ORDER: readonly MarkKind[] = MARK_KINDS;

/** The mark in force for each kind: the most recently placed (placement order when `placedAt` is absent). */
export function effectiveMarks(marks: readonly IncidentMark[]): Record<MarkKind, number | null> {
  const result: Record<MarkKind, number | null> = {
    'incident-start': null,
    detected: null,
    mitigated: null,
    resolved: null,
  };
  const placed = new Map<MarkKind, number>();
  marks.forEach((mark, i) => {
    const at = mark.placedAt ?? i;
    if (at >= (placed.get(mark.kind) ?? -Infinity)) {
      placed.set(mark.kind, at);
      result[mark.kind] = mark.ts;
    }
  });
  return result;
}

function span(from: number | null, to: number | null): number | null {
  return from === null || to === null || to < from ? null : to - from;
}

export function incidentTimeline(marks: readonly IncidentMark[]): IncidentTimeline {
  const effective = effectiveMarks(marks);
  const problems: string[] = [];
  for (let i = 0; i < ORDER.length; i++) {
    for (let j = i + 1; j < ORDER.length; j++) {
      const earlier = effective[ORDER[i]];
      const later = effective[ORDER[j]];
      if (earlier !== null && later !== null && later < earlier) {
        problems.push(`"${ORDER[j]}" is marked before "${ORDER[i]}"; move one of them`);
      }
    }
  }
  return {
    marks: effective,
    mttdMs: span(effective['incident-start'], effective.detected),
    mttrMs: span(effective.detected, effective.resolved),
    mttmMs: span(effective.detected, effective.mitigated),
    problems,
  };
}

/** "4 min 05 s", "1 h 02 min", "850 ms": response times as people say them. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}
