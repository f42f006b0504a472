import { defineStore } from 'pinia';
import { computed, markRaw, ref, watch } from 'vue';
import type { StreamRow } from '../../shared/types';
import { rowKeyOf, rowKeyText, type RowKey } from '../composables/row-key';
import { useFleetStore } from './fleet';
import { useIncidentStore } from './incident';

export type { RowKey };

/** A bookmark on a line, with an optional note. */
export interface Mark {
  id: string;
  rowKey: RowKey;
  note?: string;
  createdAt: number;
}

const storageKey = (profileFile: string): string => `watchfloor.marks.${profileFile}`;

/** Bookmarks and notes on lines, per profile, kept in localStorage; snapshots read `marks`. */
export const useMarksStore = defineStore('marks', () => {
  const fleet = useFleetStore();
  const incident = useIncidentStore();
  const marks = ref<Mark[]>([]);
  const profileFile = computed(() => fleet.session?.profileFile ?? null);
  const byKey = computed(() => new Map(marks.value.map((m) => [rowKeyText(m.rowKey), m])));

  watch(profileFile, (file) => (marks.value = file ? load(file) : []), { immediate: true });
  watch(
    marks,
    (list) => {
      if (profileFile.value) save(profileFile.value, list);
    },
    { deep: true },
  );

  function markOf(row: StreamRow): Mark | undefined {
    const index = byKey.value;
    return index.size === 0 ? undefined : index.get(keyTextOf(row));
  }

  /** markOf for every drawn row on every frame: a plain object's function, not an action (see rowLookup). */
  const markLookup = markRaw({ of: markOf });

  function toggleBookmark(row: StreamRow): void {
    const existing = markOf(row);
    if (existing) marks.value = marks.value.filter((m) => m.id !== existing.id);
    else marks.value = [...marks.value, newMark(row)];
  }

  /** Sets the note of a line's mark, bookmarking it first; an empty note keeps the bookmark. */
  function setNote(row: StreamRow, note: string): void {
    const text = note.trim();
    // The incident's notes live in the engine, so every window and every snapshot has the line's note.
    void incident.setLineNote(row, text);
    const existing = markOf(row);
    if (existing) {
      marks.value = marks.value.map((m) => (m.id === existing.id ? { ...m, note: text || undefined } : m));
    } else {
      marks.value = [...marks.value, { ...newMark(row), ...(text ? { note: text } : {}) }];
    }
  }

  function remove(id: string): void {
    marks.value = marks.value.filter((m) => m.id !== id);
  }

  return { marks, markOf, markLookup, toggleBookmark, setNote, remove };
});

/** Each row's key text, computed once: rows are immutable, and hashing a message every frame adds up. */
const keyTexts = new WeakMap<StreamRow, string>();

function keyTextOf(row: StreamRow): string {
  let text = keyTexts.get(row);
  if (text === undefined) {
    text = rowKeyText(rowKeyOf(row));
    keyTexts.set(row, text);
  }
  return text;
}

function newMark(row: StreamRow): Mark {
  return { id: crypto.randomUUID(), rowKey: rowKeyOf(row), createdAt: Date.now() };
}

function load(file: string): Mark[] {
  try {
    const data: unknown = JSON.parse(localStorage.getItem(storageKey(file)) ?? '[]');
    return Array.isArray(data) ? data.filter(isMark) : [];
  } catch {
    return [];
  }
}

function save(file: string, list: Mark[]): void {
  try {
    localStorage.setItem(storageKey(file), JSON.stringify(list));
  } catch {
    // Storage full or disabled: marks last for this run only.
  }
}

function isMark(value: unknown): value is Mark {
  const m = value as Mark;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.createdAt === 'number' &&
    typeof m.rowKey?.host === 'string' &&
    typeof m.rowKey.source === 'string' &&
    typeof m.rowKey.ts === 'number' &&
    typeof m.rowKey.messageHash === 'string' &&
    (m.note === undefined || typeof m.note === 'string')
  );
}
