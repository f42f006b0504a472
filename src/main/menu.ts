import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The standard menus, built from Electron's roles so shortcuts follow each platform's conventions. */
export function applicationMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Keyboard Shortcuts', accelerator: '?', enabled: false }] },
  ];
  return Menu.buildFromTemplate(template);
}
