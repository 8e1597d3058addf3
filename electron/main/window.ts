import { app, BrowserWindow, nativeTheme, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const RENDERER_INDEX = join(here, '../renderer/index.html');
const PRELOAD = join(here, '../preload/index.cjs');
/** The app icon (Windows and Linux windows; macOS uses the bundle's). */
export const ICON_PATH = app.isPackaged
  ? join(process.resourcesPath, 'resources', 'icon.png')
  : join(here, '../../resources/icon.png');

/** True for the app's own pages: the built renderer, or the dev server electron-vite started. */
export function isAppUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev && url.startsWith(dev)) return true;
  try {
    return new URL(url).protocol === 'file:' && fileURLToPath(url) === RENDERER_INDEX;
  } catch {
    return false;
  }
}

/** Navigation stays inside the app; new windows are refused; https links go to the system browser. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** A window of the app's own page, locked down; `hash` opens a route such as `#report/3`. */
export function createAppWindow(options: {
  show: boolean;
  width: number;
  height: number;
  x?: number;
  y?: number;
  hash?: string;
}): BrowserWindow {
  const window = new BrowserWindow({
    width: options.width,
    height: options.height,
    x: options.x,
    y: options.y,
    icon: ICON_PATH,
    // The theme follows the OS (the page's CSS uses prefers-color-scheme); no white flash in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14171c' : '#f6f7f9',
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Segment Studio',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click on a link would open a new window; navigation is refused anyway.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDown(window.webContents);
  if (options.show) window.once('ready-to-show', () => window.show());
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) void window.loadURL(`${dev}${options.hash ?? ''}`);
  else void window.loadFile(RENDERER_INDEX, options.hash ? { hash: options.hash.replace(/^#/, '') } : undefined);
  return window;
}

export function createMainWindow(): BrowserWindow {
  return createAppWindow({ show: true, width: 1280, height: 860 });
}
