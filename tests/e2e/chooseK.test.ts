import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { startServe, type ServeHandle } from '../helpers/serve';
import { launchChromium } from '../helpers/chromium';

const temp = tempDir('segment-e2e-k-');
const screenshots = join(repoRoot, 'tests', '.tmp', 'screenshots');
let serve: ServeHandle;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuild();
  mkdirSync(screenshots, { recursive: true });
  serve = await startServe(join(temp.dir, 'k.db'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  temp.cleanup();
});

/** Click the point of a given k on a chart, where a person would. */
async function clickK(metric: string, k: number): Promise<void> {
  const figure = page.locator(`figure[data-metric="${metric}"] .js-plotly-plot`);
  const box = await figure.boundingBox();
  if (!box) throw new Error(`chart ${metric} is not visible`);
  interface PlotlyGraph {
    _fullLayout: { xaxis: { l2p: (v: number) => number }; _size: { l: number; t: number; h: number } };
  }
  const offset = await figure.evaluate((element: unknown, value: number) => {
    const layout = (element as PlotlyGraph)._fullLayout;
    return { x: layout.xaxis.l2p(value) + layout._size.l, y: layout._size.t + layout._size.h / 2 };
  }, k);
  await page.mouse.move(box.x + offset.x, box.y + offset.y);
  await page.mouse.click(box.x + offset.x, box.y + offset.y);
}

describe('choosing k in Chromium', () => {
  it('runs a sweep with progress and cancel while the page stays responsive', async () => {
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'How many segments?' }).waitFor();
    // A sweep long enough to be cancelled for sure (k up to 40: many times the default's work).
    await page.getByLabel('To k').fill('40');
    await page.getByRole('button', { name: 'Compare k = 2 to 40' }).click();
    const progress = page.getByRole('progressbar', { name: 'Comparing progress' });
    await progress.waitFor();
    // The work is in the worker process: the page answers and reacts while it runs.
    await page.getByRole('checkbox', { name: 'log(1 + x) of income' }).check();
    expect(await page.getByRole('checkbox', { name: 'log(1 + x) of income' }).isChecked()).toBe(true);
    expect(await page.evaluate('1 + 1')).toBe(2);
    await page.getByRole('status').filter({ hasText: 'Comparing' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Cancelled');
    await page.getByRole('checkbox', { name: 'log(1 + x) of income' }).uncheck();
    await page.getByLabel('To k').fill('10');
  });

  it('recommends k with a reason, lets a click on a chart choose another k, and trains it', async () => {
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await page.getByRole('button', { name: 'Compare k = 2 to 10' }).click();
    const recommendation = page.getByRole('region', { name: 'Recommendation' });
    await recommendation.waitFor({ timeout: 120_000 });
    const text = await recommendation.innerText();
    const recommended = Number(/Recommended: (\d+) segments/.exec(text)?.[1]);
    expect(recommended).toBeGreaterThanOrEqual(2);
    // Advice in plain words first; the measures behind it one click away.
    expect(text).toMatch(
      /the groups are [a-z ]+ separated and [a-z ]+ when the data is resampled \(\d+% of customers keep their segment\)/,
    );
    await recommendation.getByText('The measures behind it').click();
    expect(await recommendation.innerText()).toMatch(/% of customers stay in the same segment when refitted\./);
    const kInput = page.getByLabel('Number of segments (k)');
    expect(Number(await kInput.inputValue())).toBe(recommended);
    await page.locator('figure[data-metric="silhouette"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, '4-choose-k.png'), fullPage: true });

    const other = recommended === 5 ? 4 : 5;
    await clickK('silhouette', other);
    await expect.poll(async () => Number(await kInput.inputValue())).toBe(other);

    await page.getByRole('button', { name: 'Train' }).click();
    const table = page.getByRole('table', { name: 'Segments' });
    await table.waitFor({ timeout: 60_000 });
    expect(await table.locator('tbody tr').count()).toBe(other);

    await page.getByRole('button', { name: 'Compare with Ward and DBSCAN' }).click();
    const comparison = page.getByRole('table', { name: 'Method comparison' });
    await comparison.waitFor({ timeout: 120_000 });
    expect(await comparison.locator('tbody tr th').allInnerTexts()).toEqual(['K-Means', 'Ward', 'DBSCAN']);
    expect(await page.getByRole('note').filter({ hasText: 'K-Means and Ward agree on' }).innerText()).toMatch(
      /K-Means and Ward agree on \d+% of customers/,
    );
    await page.screenshot({ path: join(screenshots, '5-compare-methods.png'), fullPage: true });
    await page.getByRole('button', { name: '← Back to the dataset' }).click();
    await page.getByRole('heading', { name: 'Segmentations' }).waitFor();
    const models = page.getByRole('table', { name: 'Segmentations' });
    expect(await models.getByRole('textbox').first().inputValue()).toBe(`${other} segments on 17 features`);
  });

  it('renames and deletes a segmentation from the list', async () => {
    const models = page.getByRole('table', { name: 'Segmentations' });
    const name = models.getByRole('textbox').first();
    await name.fill('Board meeting cut');
    await name.press('Enter');
    await page.reload();
    await page.getByRole('heading', { name: 'Segmentations' }).waitFor();
    expect(await page.getByRole('table', { name: 'Segmentations' }).getByRole('textbox').first().inputValue()).toBe(
      'Board meeting cut',
    );
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete Board meeting cut' }).click();
    await page.getByRole('heading', { name: 'Segmentations' }).waitFor({ state: 'detached' });
  });
});
