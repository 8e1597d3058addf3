/**
 * No screen writes an error or a CSP violation to the console: the dataset page (data summary,
 * k sweep charts), the segments page (every chart), the report and the slides. A violation hidden
 * among harmless ones is how real errors go unseen.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { requireBuild, tempDir } from '../helpers/built';
import { startServe, type ServeHandle } from '../helpers/serve';
import { launchChromium } from '../helpers/chromium';
import { trainSampleModel } from '../helpers/cli';

const temp = tempDir('segment-e2e-console-');
const db = join(temp.dir, 'console.db');
let serve: ServeHandle;
let browser: Browser;
let page: Page;
const messages: string[] = [];

beforeAll(async () => {
  requireBuild();
  await trainSampleModel(
    db,
    temp.dir,
    'income,recency_days,spend_wine,spend_meat,purchases_web,marital_status',
    'Quiet',
  );
  serve = await startServe(db, ['--no-sample']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (message) => {
    // The GPU driver's own notes on WebGL (the 3-D map) are no error of ours.
    if (/GL Driver Message/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning')
      messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  // Every CSP violation, also those Chromium reports only as an event.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber);
  });`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  temp.cleanup();
});

describe('the console stays clean', () => {
  it('on the dataset, segments, report and slides screens', async () => {
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Open Quiet' }).waitFor();
    // The dataset page with its data summary.
    await page.getByRole('heading', { name: 'Columns', exact: true }).waitFor();
    await page.locator('.js-plotly-plot').first().waitFor({ timeout: 60_000 });
    const onDataset = [...messages];
    // The segments page, every chart drawn.
    await page.getByRole('button', { name: 'Open Quiet' }).click();
    await page.getByRole('heading', { name: 'Quiet', level: 2 }).waitFor();
    await page.locator('figure[data-chart="map"] .main-svg').first().waitFor({ timeout: 60_000 });
    await page.mouse.move(400, 400);
    const onSegments = messages.slice(onDataset.length);
    // The report.
    await page
      .getByRole('region', { name: 'Report and presentation' })
      .getByRole('button', { name: 'Open the report' })
      .click();
    await page.locator('html[data-report-state="ready"]').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '← Back to the segments' }).click();
    await page.getByRole('heading', { name: 'Quiet', level: 2 }).waitFor();
    // The slides.
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await page.getByRole('region', { name: 'Presentation', exact: true }).waitFor();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    expect({ onDataset, onSegments, all: messages }).toEqual({ onDataset: [], onSegments: [], all: [] });
  }, 180_000);
});
