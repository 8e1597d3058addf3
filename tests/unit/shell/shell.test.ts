import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, rememberRecent, type MenuActions } from '../../../electron/main/menu';
import { restoreWindowState, saveWindowState } from '../../../electron/main/windowState';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'segment-shell-'));
  dirs.push(dir);
  return join(dir, 'window-state.json');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const screen = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('restores the size, place and maximised state saved last time', () => {
    const file = temp();
    saveWindowState(file, { bounds: { x: 100.4, y: 50, width: 1200, height: 800 }, maximized: true });
    expect(restoreWindowState(file, [screen])).toEqual({
      bounds: { x: 100, y: 50, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('ignores a window left on a screen that is gone, and a broken file', () => {
    const file = temp();
    saveWindowState(file, { bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false });
    expect(restoreWindowState(file, [screen])).toBeNull();
    expect(restoreWindowState(file, [screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).not.toBeNull();
    writeFileSync(file, '{"bounds": "nope"');
    expect(restoreWindowState(file, [screen])).toBeNull();
    expect(restoreWindowState(join(file, 'missing'), [screen])).toBeNull();
  });

  it('shrinks and moves a window that no longer fits onto its screen', () => {
    const file = temp();
    saveWindowState(file, { bounds: { x: 400, y: 200, width: 1800, height: 1000 }, maximized: false });
    expect(restoreWindowState(file, [screen])?.bounds).toEqual({ x: 120, y: 40, width: 1800, height: 1000 });
  });
});

const actions = (): MenuActions & { calls: string[] } => {
  const calls: string[] = [];
  const record = (name: string) => () => calls.push(name);
  return {
    calls,
    importFile: record('import'),
    openRecent: (path) => calls.push(`recent:${path}`),
    clearRecent: record('clear'),
    exportCustomers: record('export'),
    backUp: record('backup'),
    restore: record('restore'),
    showGuide: record('guide'),
    showLogs: record('logs'),
    about: record('about'),
  };
};

const find = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined => {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const inner = find(item.submenu, label);
      if (inner) return inner;
    }
  }
  return undefined;
};

describe('native menu', () => {
  it('has File, Edit, View and Help with the usual shortcuts on Windows and Linux', () => {
    const a = actions();
    const menu = menuTemplate(a, { platform: 'win32', appName: 'Segment Studio', recent: ['/data/shop.csv'] });
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'help']);
    expect(find(menu, 'Import…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(find(menu, 'Export…')?.accelerator).toBe('CmdOrCtrl+E');
    for (const label of ['Back up database…', 'Restore…', 'Guide', 'Show logs', 'About Segment Studio', 'Exit']) {
      expect(find(menu, label), label).toBeDefined();
    }
    const view = menu[2].submenu as MenuItemConstructorOptions[];
    expect(view.map((m) => m.role).filter(Boolean)).toEqual(
      expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']),
    );
    for (const label of ['Import…', 'Export…', 'Back up database…', 'Restore…', 'Guide', 'Show logs']) {
      (find(menu, label)?.click as () => void)();
    }
    (find(menu, 'shop.csv')?.click as () => void)();
    expect(a.calls).toEqual(['import', 'export', 'backup', 'restore', 'guide', 'logs', 'recent:/data/shop.csv']);
  });

  it('on macOS puts About and Quit in the app menu and adds the Window menu', () => {
    const menu = menuTemplate(actions(), { platform: 'darwin', appName: 'Segment Studio', recent: [] });
    expect(menu.map((m) => m.label ?? m.role)).toEqual([
      'Segment Studio',
      'File',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ]);
    expect(find(menu, 'Exit')).toBeUndefined();
    expect(find(menu, 'No recent files')?.enabled).toBe(false);
  });

  it('keeps the last files opened, newest first, without repeats', () => {
    expect(rememberRecent(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    expect(rememberRecent(['a', 'b'], 'c', 2)).toEqual(['c', 'a']);
  });
});
