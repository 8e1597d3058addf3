import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, requireBuild, tempDir } from './built';
import { startServe, type ServeHandle } from './serve';
import { launchChromium } from './chromium';

export const screenshots = join(repoRoot, 'tests', '.tmp', 'screenshots');

/**
 * The app in browser mode on a fresh store, and a Chromium page on it (opened on the sample);
 * `beforeOpen` sees the page first (to listen for page errors from the start).
 */
export async function startBrowserApp(
  prefix: string,
  beforeOpen: (page: Page) => void = () => {},
  viewport = { width: 1280, height: 900 },
) {
  requireBuild();
  mkdirSync(screenshots, { recursive: true });
  const temp = tempDir(prefix);
  const serve: ServeHandle = await startServe(join(temp.dir, 'store.db'));
  const browser: Browser = await launchChromium();
  const page: Page = await browser.newPage({ viewport });
  beforeOpen(page);
  await page.goto(serve.url);
  await page.getByRole('heading', { name: 'Sample retail customers' }).waitFor();
  return {
    dir: temp.dir,
    serve,
    browser,
    page,
    async close() {
      await browser.close();
      await serve.stop();
      temp.cleanup();
    },
  };
}
