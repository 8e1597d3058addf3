import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { startServe, type ServeHandle } from '../helpers/serve';
import { launchChromium } from '../helpers/chromium';
import { runCli, trainSampleModel } from '../helpers/cli';

const temp = tempDir('segment-e2e-report-');
const screenshots = join(repoRoot, 'tests', '.tmp', 'screenshots');
const db = join(temp.dir, 'report.db');
const FEATURES =
  'income,recency_days,spend_wine,spend_meat,purchases_web,purchases_store,web_visits_month,marital_status';
const MODEL_NAME = 'Board segments';
const SEGMENT_NAMES = ['<script>window.hacked=1</script>VIP', 'Second', 'Third', 'Fourth'];
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
let serve: ServeHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  requireBuild();
  mkdirSync(screenshots, { recursive: true });
  const cli = (...args: string[]) => runCli([...args, '--db', db], temp.dir);
  const modelId = await trainSampleModel(db, temp.dir, FEATURES, MODEL_NAME);
  for (const [cluster, name] of SEGMENT_NAMES.entries()) {
    expect((await cli('rename', String(modelId), String(cluster), name)).code).toBe(0);
  }
  serve = await startServe(db, ['--no-sample']);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  temp.cleanup();
});

async function openModel(): Promise<void> {
  await page.goto(serve.url);
  await page.getByRole('button', { name: `Open ${MODEL_NAME}` }).click();
  await page.getByRole('heading', { name: MODEL_NAME, level: 2 }).waitFor();
}

describe('report and presentation in Chromium (browser mode)', () => {
  it('edits the report settings, previews the report and downloads its PDF', async () => {
    await openModel();
    // Each card shows the mix of the categorical feature.
    expect(await page.getByRole('list', { name: 'Categories of segment 1' }).innerText()).toMatch(
      /^Marital status: \d+% \w+/,
    );
    const settings = page.getByRole('region', { name: 'Report and presentation' });
    await settings.getByLabel('Author').fill('Ann Lee');
    await settings.getByLabel('Organisation').fill('Acme & <Partners>');
    await settings.getByRole('checkbox', { name: 'Appendix' }).uncheck();
    // A logo: PNG or JPEG only (an SVG can carry script).
    const svg = join(temp.dir, 'logo.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await settings.getByLabel('Choose logo').setInputFiles(svg);
    await settings.getByText('logo.svg is not a PNG or JPEG image.').waitFor();
    const png = join(temp.dir, 'logo.png');
    writeFileSync(png, Buffer.from(PNG_1X1, 'base64'));
    await settings.getByLabel('Choose logo').setInputFiles(png);
    await settings.getByRole('img', { name: 'Current logo' }).waitFor();
    await settings.getByText('Saved').waitFor();
    await settings.screenshot({ path: join(screenshots, 'report-settings.png') });

    // The on-screen report: the same page the PDF is printed from.
    await settings.getByRole('button', { name: 'Open the report' }).click();
    await page.locator('html[data-report-state="ready"]').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Executive summary' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Appendix' }).count()).toBe(0);
    expect(await page.getByText('Prepared by Ann Lee').count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Logo', exact: true }).getAttribute('src')).toBe(
      `data:image/png;base64,${PNG_1X1}`,
    );
    await expect(page.getByText('Acme & <Partners>').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: SEGMENT_NAMES[0] }).isVisible()).resolves.toBe(true);
    expect(await page.evaluate('window.hacked')).toBeUndefined();
    await page.screenshot({ path: join(screenshots, 'report-preview.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('customers - 4 segments report.pdf');
    const saved = join(temp.dir, 'downloaded.pdf');
    await download.saveAs(saved);
    const text = execFileSync('pdftotext', [saved, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Prepared by Ann Lee');
    expect(text).toContain('Acme & <Partners>');
    for (const name of SEGMENT_NAMES) expect(text).toContain(name);
    expect(text).not.toContain('Segment centres');

    await page.getByRole('button', { name: '← Back to the segments' }).click();
    await page.getByRole('heading', { name: MODEL_NAME, level: 2 }).waitFor();
  }, 180_000);

  it('presents full-screen slides driven by the keyboard and clicks, and Esc ends them', async () => {
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    const deck = page.getByRole('region', { name: 'Presentation', exact: true });
    await deck.waitFor();
    const slide = () => deck.getByRole('group').getAttribute('aria-label');
    await expect.poll(slide, { timeout: 30_000 }).toMatch(/^Slide 1 of 8: Customer segments$/);
    await page.screenshot({ path: join(screenshots, 'present-1-title.png') });

    await page.keyboard.press('ArrowRight');
    await expect.poll(slide).toBe(`Slide 2 of 8: ${SEGMENT_NAMES[0]}`);
    await expect(deck.getByRole('heading', { name: SEGMENT_NAMES[0], level: 1 }).isVisible()).resolves.toBe(true);
    await page.locator('[aria-roledescription="slide"] .js-plotly-plot').waitFor();
    await page.screenshot({ path: join(screenshots, 'present-2-segment.png') });

    await page.keyboard.press(' ');
    await expect.poll(slide).toBe('Slide 3 of 8: Second');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(slide).toBe(`Slide 2 of 8: ${SEGMENT_NAMES[0]}`);
    await page.keyboard.press('End');
    await expect.poll(slide).toBe('Slide 8 of 8: Next steps');
    await page.screenshot({ path: join(screenshots, 'present-8-next-steps.png') });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(slide).toBe('Slide 7 of 8: The segment map');
    await page.locator('[aria-roledescription="slide"] .js-plotly-plot').waitFor();
    await page.screenshot({ path: join(screenshots, 'present-7-map.png') });
    // Who is worth what: the value table, columns by their labels.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(slide).toBe('Slide 6 of 8: Who is worth what');
    await deck.getByRole('table', { name: 'Segment value' }).getByText('Responded last campaign').waitFor();
    await page.screenshot({ path: join(screenshots, 'present-6-value.png') });
    await page.keyboard.press('Home');
    await expect.poll(slide).toMatch(/^Slide 1 of 8/);
    // A click on the slide goes forward; the buttons have names.
    await deck.getByRole('group').click({ position: { x: 900, y: 300 } });
    await expect.poll(slide).toMatch(/^Slide 2 of 8/);
    await deck.getByRole('button', { name: 'Previous slide' }).click();
    await expect.poll(slide).toMatch(/^Slide 1 of 8/);

    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: MODEL_NAME, level: 2 }).waitFor();
    expect(await deck.count()).toBe(0);
    expect(await page.evaluate('window.hacked')).toBeUndefined();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows a right-to-left override in a name as a visible mark, isolated, and names it in the appendix', async () => {
    const { stdout } = await runCli(['list', '--json', '--db', db], temp.dir);
    const modelId = (JSON.parse(stdout) as { datasets: { models: { id: number }[] }[] }).datasets[0].models[0].id;
    // Renamed from another process while the app has the database open.
    expect((await runCli(['rename', String(modelId), '3', '\u202egnp.exe', '--db', db], temp.dir)).code).toBe(0);
    await openModel();
    const shown = page.locator('bdi', { hasText: '[RLO]gnp.exe' }).first();
    await shown.waitFor();
    const style = (el: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { unicodeBidi: string } }).getComputedStyle(el)
        .unicodeBidi;
    expect(await shown.evaluate(style)).toBe('isolate');
    const settings = page.getByRole('region', { name: 'Report and presentation' });
    await settings.getByRole('checkbox', { name: 'Appendix' }).check();
    await settings.getByText('Saved').waitFor();
    await settings.getByRole('button', { name: 'Open the report' }).click();
    await page.locator('html[data-report-state="ready"]').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Text direction characters' }).waitFor();
    expect(await page.getByText('RLO (U+202E)').count()).toBeGreaterThan(0);
    // Nowhere in the report is the override left to act: every occurrence is the visible mark.
    const leftAsIs = (await page.evaluate(`(() => {
      const found = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.textContent.includes('\\u202e')) found.push(node.parentElement.outerHTML.slice(0, 120));
      }
      return found;
    })()`)) as string[];
    expect(leftAsIs).toEqual([]);
    await page.getByRole('button', { name: '← Back to the segments' }).click();
  }, 120_000);
});
