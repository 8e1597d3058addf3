import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

/** What the menu items do; the shell wires them to dialogs, the store and the window. */
export interface MenuActions {
  importFile: () => void;
  openRecent: (path: string) => void;
  clearRecent: () => void;
  exportCustomers: () => void;
  backUp: () => void;
  restore: () => void;
  showGuide: () => void;
  showLogs: () => void;
  about: () => void;
}

/**
 * The native menu, per platform: macOS gets the app menu (About, Hide, Quit) and Window menu;
 * Windows and Linux put Exit under File and About under Help. Shortcuts use CmdOrCtrl so each OS
 * gets its own (⌘O on a Mac, Ctrl+O elsewhere).
 */
export function menuTemplate(
  actions: MenuActions,
  options: { platform: NodeJS.Platform; appName: string; recent: string[] },
): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    options.recent.length === 0
      ? [{ label: 'No recent files', enabled: false }]
      : [
          ...options.recent.map((path): MenuItemConstructorOptions => ({
            label: basename(path),
            click: () => actions.openRecent(path),
          })),
          { type: 'separator' },
          { label: 'Clear recent', click: actions.clearRecent },
        ];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: actions.importFile },
      { label: 'Open recent', submenu: recent },
      { type: 'separator' },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: actions.exportCustomers },
      { type: 'separator' },
      { label: 'Back up database…', click: actions.backUp },
      { label: 'Restore…', click: actions.restore },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Exit' } as const]),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Guide', accelerator: 'F1', click: actions.showGuide },
      { label: 'Show logs', click: actions.showLogs },
      ...(mac ? [] : [{ type: 'separator' } as const, { label: `About ${options.appName}`, click: actions.about }]),
    ],
  };
  return [
    ...(mac
      ? [
          {
            label: options.appName,
            submenu: [
              { label: `About ${options.appName}`, click: actions.about },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
      ],
    },
    ...(mac ? [{ role: 'windowMenu' } satisfies MenuItemConstructorOptions] : []),
    help,
  ];
}

/** The last few files opened, newest first, without duplicates. */
export function rememberRecent(list: readonly string[], path: string, keep = 8): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, keep);
}
