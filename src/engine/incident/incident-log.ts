import { randomUUID } from 'node:crypto';
import {
  incidentTimeline,
  type IncidentMark,
  type IncidentNote,
  type IncidentState,
  type LineRef,
  type MarkKind,
} from '../../shared/incident';

export interface IncidentLogOptions {
  now: () => number;
  /** Called after every change with the whole state, so every window shows the same. */
  onChange: (state: IncidentState) => void;
}

/** Most notes kept: a note is typed by a person, so this is never reached in a real incident. */
const MAX_NOTES = 10_000;

/**
 * The marks and notes of the incident at hand, kept by the engine so every window and every snapshot sees
 * the same. A mark placed again for a kind corrects the earlier one (the timeline uses the latest).
 */
export class IncidentLog {
  private marks: IncidentMark[] = [];
  private notes: IncidentNote[] = [];

  constructor(private readonly options: IncidentLogOptions) {}

  addMark(kind: MarkKind, at?: number): IncidentMark {
    const placedAt = this.options.now();
    const mark: IncidentMark = { id: randomUUID(), kind, ts: at ?? placedAt, placedAt };
    this.marks = [...this.marks, mark];
    this.changed();
    return mark;
  }

  addNote(text: string, at?: number, line?: LineRef): IncidentNote {
    const trimmed = text.trim();
    if (!trimmed) throw new Error('a note needs some text');
    if (this.notes.length >= MAX_NOTES)
      throw new Error(`at most ${MAX_NOTES} notes are kept; remove some first`);
    const note: IncidentNote = {
      id: randomUUID(),
      ts: at ?? line?.ts ?? this.options.now(),
      text: trimmed,
      ...(line ? { line } : {}),
    };
    this.notes = [...this.notes, note].sort((a, b) => a.ts - b.ts);
    this.changed();
    return note;
  }

  /** Removes a mark; false when no mark has that id. */
  removeMark(id: string): boolean {
    const kept = this.marks.filter((m) => m.id !== id);
    if (kept.length === this.marks.length) return false;
    this.marks = kept;
    this.changed();
    return true;
  }

  removeNote(id: string): boolean {
    const kept = this.notes.filter((n) => n.id !== id);
    if (kept.length === this.notes.length) return false;
    this.notes = kept;
    this.changed();
    return true;
  }

  /** Replaces everything (a snapshot opened for review, or the live incident restored after it). */
  replace(marks: readonly IncidentMark[], notes: readonly IncidentNote[]): void {
    this.marks = [...marks];
    this.notes = [...notes].sort((a, b) => a.ts - b.ts);
    this.changed();
  }

  state(): IncidentState {
    return { marks: this.marks, notes: this.notes, timeline: incidentTimeline(this.marks) };
  }

  private changed(): void {
    this.options.onChange(this.state());
  }
}
