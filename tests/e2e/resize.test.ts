import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { requireBuild, tempDir } from '../helpers/built';
import { startServe, type ServeHandle } from '../helpers/serve';
import { launchChromium } from '../helpers/chromium';
import { trainSampleModel } from '../helpers/cli';
import { screenshots } from '../helpers/browserApp';

const temp = tempDir('segment-e2e-resize-');
const db = join(temp.dir, 'resize.db');
let serve: ServeHandle;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuild();
  await trainSampleModel(db, temp.dir, 'income,recency_days,spend_wine,spend_meat,purchases_web', 'Resized');
  serve = await startServe(db, ['--no-sample']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  temp.cleanup();
});

/** Each chart card's width and the width its chart draws at. */
const chartFit = (p: Page) =>
  p.evaluate(`[...document.querySelectorAll('figure.chart-card')].map((card) => {
    const svg = card.querySelector('.main-svg');
    return { chart: card.getAttribute('data-chart'), card: card.clientWidth, drawn: svg ? svg.getBoundingClientRect().width : 0 };
  })`) as Promise<{ chart: string; card: number; drawn: number }[]>;

describe('the segments screen follows the window', () => {
  it('redraws every chart inside its card after resizing to 1920×1080 and to 1280×720', async () => {
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Open Resized' }).click();
    await page.getByRole('heading', { name: 'Resized', level: 2 }).waitFor();
    await page.locator('figure[data-chart="map"] .main-svg').first().waitFor({ timeout: 60_000 });
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ]) {
      await page.setViewportSize({ width, height });
      await expect
        .poll(async () => (await chartFit(page)).filter((c) => c.drawn > 0 && Math.abs(c.drawn - c.card) > 40), {
          timeout: 10_000,
        })
        .toEqual([]);
      // Nothing widens the page past the window (a long name wraps or is cut, with the full text on hover).
      const overflow = () =>
        page.evaluate(`[...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
          .slice(0, 5)
          .map((e) => e.tagName + ' in ' + (e.closest('figure') ? e.closest('figure').getAttribute('data-chart') : '-'))`);
      await expect.poll(overflow, { timeout: 10_000 }).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
      await page.screenshot({ path: join(screenshots, `segments-resized-${width}.png`), fullPage: false });
    }
  }, 120_000);
});
