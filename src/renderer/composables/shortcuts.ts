import { onScopeDispose, reactive } from 'vue';

/** One keyboard shortcut: shown in the help overlay and the command palette, run on its keys. */
export interface Shortcut {
  id: string;
  /** As shown to people: "/", "g g", "Ctrl+K", "Space". */
  keys: string;
  description: string;
  group: 'Stream' | 'Search' | 'Fleet' | 'Incident' | 'View' | 'General';
  /** Tests a key event; return true to handle it. */
  match(event: KeyboardEvent): boolean;
  run(): void;
  /** Also offered in the command palette (default true). */
  inPalette?: boolean;
}

const registry = reactive(new Map<string, Shortcut>());

/** Every registered shortcut, for the help overlay and the command palette. */
export function allShortcuts(): Shortcut[] {
  return [...registry.values()];
}

/** Registers shortcuts for the lifetime of the calling component or scope. */
export function useShortcuts(shortcuts: Shortcut[]): void {
  for (const s of shortcuts) registry.set(s.id, s);
  onScopeDispose(() => shortcuts.forEach((s) => registry.delete(s.id)));
}

function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    !!target.closest('.xterm')
  );
}

/** Plain keys (no modifier) never fire while typing in a field or a terminal; chorded ones always may. */
export function dispatchShortcut(event: KeyboardEvent): void {
  const chorded = event.ctrlKey || event.metaKey || event.altKey;
  if (!chorded && typingInField(event)) return;
  for (const shortcut of registry.values()) {
    if (shortcut.match(event)) {
      event.preventDefault();
      shortcut.run();
      return;
    }
  }
}

/** Matches a single printable key without Ctrl/Cmd/Alt. */
export const key =
  (k: string) =>
  (e: KeyboardEvent): boolean =>
    e.key === k && !e.ctrlKey && !e.metaKey && !e.altKey;
