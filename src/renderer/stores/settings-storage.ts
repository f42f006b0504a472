// What the workbench remembers between runs, read defensively: a hand-edited or older value falls back
// to the default instead of breaking the window.

export type ThemeChoice = 'system' | 'dark' | 'light';

export interface StoredSettings {
  theme: ThemeChoice;
  /** Profile files whose error rates raise an OS notification while the window is in the background. */
  watchedProfiles: string[];
  /** Profile files most recently connected, newest first. */
  recentProfiles: string[];
  /** Sizes of resizable panels in pixels, by panel name. */
  panelSizes: Record<string, number>;
}

export const SETTINGS_KEY = 'watchfloor.settings';
const MAX_RECENT = 8;

export const DEFAULT_SETTINGS: StoredSettings = {
  theme: 'system',
  watchedProfiles: [],
  recentProfiles: [],
  panelSizes: {},
};

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length <= 255) : [];

export function parseSettings(raw: string | null): StoredSettings {
  let data: Record<string, unknown>;
  try {
    data = raw ? JSON.parse(raw) : {};
    if (!data || typeof data !== 'object' || Array.isArray(data)) data = {};
  } catch {
    data = {};
  }
  const theme = ['system', 'dark', 'light'].includes(data.theme as string)
    ? (data.theme as ThemeChoice)
    : DEFAULT_SETTINGS.theme;
  const sizes = data.panelSizes && typeof data.panelSizes === 'object' ? data.panelSizes : {};
  const panelSizes = Object.fromEntries(
    Object.entries(sizes).filter(
      ([, size]) => typeof size === 'number' && Number.isFinite(size) && size >= 0 && size <= 100_000,
    ),
  ) as Record<string, number>;
  return {
    theme,
    watchedProfiles: [...new Set(strings(data.watchedProfiles))],
    recentProfiles: [...new Set(strings(data.recentProfiles))].slice(0, MAX_RECENT),
    panelSizes,
  };
}

/** The recent list after connecting `file`: it moves to the front, the list stays short. */
export function withRecent(recent: readonly string[], file: string): string[] {
  return [file, ...recent.filter((f) => f !== file)].slice(0, MAX_RECENT);
}

/** The theme to paint: the operator's choice, or the system's. */
export function effectiveTheme(choice: ThemeChoice, systemPrefersDark: boolean): 'dark' | 'light' {
  if (choice !== 'system') return choice;
  return systemPrefersDark ? 'dark' : 'light';
}
