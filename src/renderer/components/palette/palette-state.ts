import { reactive } from 'vue';

/** Whether the command palette is open, and what it lists: commands, or profiles to connect. */
export const palette = reactive({ open: false, mode: 'commands' as 'commands' | 'profiles' });

export function openPalette(mode: 'commands' | 'profiles' = 'commands'): void {
  palette.mode = mode;
  palette.open = true;
}

export function closePalette(): void {
  palette.open = false;
}
