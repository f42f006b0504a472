import { defineStore } from 'pinia';
import { computed, reactive, ref, watch, watchEffect } from 'vue';
import {
  effectiveTheme,
  parseSettings,
  SETTINGS_KEY,
  withRecent,
  type StoredSettings,
  type ThemeChoice,
} from './settings-storage';

/**
 * Preferences kept in localStorage: the theme (following the system unless chosen), watched profiles,
 * recently connected profiles and panel sizes. The theme in effect is set on <html data-theme>.
 */
export const useSettingsStore = defineStore('settings', () => {
  const stored: StoredSettings = reactive(parseSettings(readStorage()));
  const systemQuery = window.matchMedia('(prefers-color-scheme: dark)');
  const systemPrefersDark = ref(systemQuery.matches);
  systemQuery.addEventListener('change', (event) => (systemPrefersDark.value = event.matches));

  const theme = computed(() => effectiveTheme(stored.theme, systemPrefersDark.value));
  watchEffect(() => (document.documentElement.dataset.theme = theme.value));
  watch(stored, () => writeStorage(stored), { deep: true });

  function setTheme(choice: ThemeChoice): void {
    stored.theme = choice;
  }

  /** Flips to the other theme and keeps it, whatever the system does. */
  function toggleTheme(): void {
    stored.theme = theme.value === 'dark' ? 'light' : 'dark';
  }

  function isWatched(file: string): boolean {
    return stored.watchedProfiles.includes(file);
  }

  function setWatched(file: string, watched: boolean): void {
    const others = stored.watchedProfiles.filter((f) => f !== file);
    stored.watchedProfiles = watched ? [...others, file] : others;
  }

  function noteConnected(file: string): void {
    stored.recentProfiles = withRecent(stored.recentProfiles, file);
  }

  function panelSize(name: string, fallback: number): number {
    return stored.panelSizes[name] ?? fallback;
  }

  function setPanelSize(name: string, size: number): void {
    stored.panelSizes[name] = Math.round(size);
  }

  return {
    themeChoice: computed(() => stored.theme),
    theme,
    recentProfiles: computed(() => stored.recentProfiles),
    setTheme,
    toggleTheme,
    isWatched,
    setWatched,
    noteConnected,
    panelSize,
    setPanelSize,
  };
});

function readStorage(): string | null {
  try {
    return localStorage.getItem(SETTINGS_KEY);
  } catch {
    return null;
  }
}

function writeStorage(settings: StoredSettings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the preferences last for this run only.
  }
}
