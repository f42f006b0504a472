import { screen, type BrowserWindow } from 'electron';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { fitToDisplays, parseWindowState, type WindowLimits, type WindowState } from './window-bounds';

/** The remembered window state, fitted to the displays connected now. */
export function loadWindowState(file: string, limits: WindowLimits): WindowState {
  let raw: string | null = null;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    // First run, or the file was removed: the defaults.
  }
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  return fitToDisplays(parseWindowState(raw, limits), areas, limits);
}

/** Saves the window's normal (unmaximised) bounds and whether it is maximised, shortly after each change. */
export function rememberWindowState(window: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | null = null;
  let latest: WindowState | null = null;
  const capture = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    latest = { ...window.getNormalBounds(), maximized: window.isMaximized() };
  };
  const save = async () => {
    timer = null;
    if (!latest) return;
    // Written beside and renamed into place, so a crash never leaves half a file.
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(latest));
      await rename(temp, file);
    } catch {
      // Not remembering the size is no reason to disturb the operator.
    }
  };
  const schedule = () => {
    capture();
    if (!timer) timer = setTimeout(() => void save(), 500);
  };
  window.on('resize', schedule);
  window.on('move', schedule);
  window.on('maximize', schedule);
  window.on('unmaximize', schedule);
  window.on('close', () => {
    capture();
    if (timer) clearTimeout(timer);
    void save();
  });
}
