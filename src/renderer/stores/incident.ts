import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { incidentTimeline, type IncidentState, type LineRef, type MarkKind } from '../../shared/incident';
import { api, events } from '../api';
import { useSnapshotsStore } from './snapshots';

const EMPTY: IncidentState = { marks: [], notes: [], timeline: incidentTimeline([]) };

/**
 * The incident's marks and notes as the engine keeps them (the same in every window), MTTD/MTTR once the
 * marks allow; read-only while a snapshot is reviewed.
 */
export const useIncidentStore = defineStore('incident', () => {
  const snapshots = useSnapshotsStore();
  const state = shallowRef<IncidentState>(EMPTY);
  const error = ref<string | null>(null);

  const readOnly = computed(() => snapshots.reviewing !== null);
  const timeline = computed(() => state.value.timeline);
  const notes = computed(() => state.value.notes);
  const marks = computed(() => state.value.marks);

  events.on('marks', (next) => (state.value = next));

  async function load(): Promise<void> {
    state.value = await api.listMarks({});
  }

  /** Runs a change, keeping its error for the bar to show; the engine's `marks` event brings the result. */
  async function attempt(change: () => Promise<unknown>): Promise<boolean> {
    try {
      await change();
      error.value = null;
      return true;
    } catch (err) {
      error.value = (err as Error).message;
      return false;
    }
  }

  const addMark = (kind: MarkKind, at?: number) => attempt(() => api.addMark({ kind, at }));
  const removeMark = (id: string) => attempt(() => api.removeMark({ id }));
  const addNote = (text: string, options: { at?: number; row?: LineRef } = {}) =>
    attempt(() => api.addNote({ text, ...options }));
  const removeNote = (id: string) => attempt(() => api.removeNote({ id }));

  /** The one note on a line (from the stream): replaces the note it had, or removes it when empty. */
  async function setLineNote(row: Required<LineRef>, text: string): Promise<void> {
    if (readOnly.value) return;
    const same = (line?: LineRef) =>
      line?.host === row.host &&
      line.source === row.source &&
      line.ts === row.ts &&
      line.message === row.message;
    for (const note of notes.value.filter((n) => n.id && same(n.line))) await removeNote(note.id!);
    const { host, source, ts, message } = row;
    if (text.trim()) await addNote(text, { row: { host, source, ts, message } });
  }

  return {
    state,
    marks,
    notes,
    timeline,
    error,
    readOnly,
    load,
    addMark,
    removeMark,
    addNote,
    removeNote,
    setLineNote,
  };
});
