import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api';

/**
 * The standard menus, built from Electron's roles so shortcuts follow each platform's conventions, plus
 * the workbench's own commands. Those are sent to the renderer, which runs them like the palette does;
 * their keys are shown but left to the renderer (registerAccelerator: false) so a key is never handled twice.
 */
export function applicationMenu(
  send: (command: MenuCommand) => void,
  /** File → Open Snapshot…: a native dialog in the main process, since only it sees file paths. */
  openSnapshot: () => void,
): Menu {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => send(command),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
  });
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('New Profile…', 'newProfile'),
        item('Edit Profile…', 'editProfile'),
        { type: 'separator' },
        { label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O', click: openSnapshot },
        item('Export Snapshot…', 'exportSnapshot', 'CmdOrCtrl+Shift+E'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        item('Command Palette…', 'commandPalette', 'CmdOrCtrl+K'),
        item('Toggle Theme', 'toggleTheme'),
        { type: 'separator' },
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [item('Keyboard Shortcuts', 'showShortcuts', '?')] },
  ];
  return Menu.buildFromTemplate(template);
}
