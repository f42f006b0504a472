import { onScopeDispose, reactive } from 'vue';
import { allShortcuts, type Shortcut } from '../../composables/shortcuts';

/** Something the command palette can run: a registered command, or a registered shortcut's action. */
export interface Command {
  id: string;
  title: string;
  group: Shortcut['group'];
  /** Keys that also run it, as shown to people. */
  keys?: string;
  run(): void;
}

const registry = reactive(new Map<string, Command>());

/** Registers commands (without keys of their own) for the lifetime of the calling component or scope. */
export function useCommands(commands: Command[]): void {
  for (const c of commands) registry.set(c.id, c);
  onScopeDispose(() => commands.forEach((c) => registry.delete(c.id)));
}

/** Runs a registered command or shortcut by id; false when there is none. */
export function runCommand(id: string): boolean {
  const command = paletteCommands().find((c) => c.id === id);
  command?.run();
  return !!command;
}

/** Every command and every shortcut offered in the palette, commands first. */
export function paletteCommands(): Command[] {
  const shortcuts = allShortcuts()
    .filter((s) => s.inPalette !== false)
    .map((s) => ({ id: s.id, title: s.description, group: s.group, keys: s.keys, run: () => s.run() }));
  return [...registry.values(), ...shortcuts];
}
