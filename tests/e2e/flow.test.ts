/**
 * The guided flow: the six steps in the order of the work, each an address, walked on the sample
 * with the stepper; a reload in the middle and back/forward keep the place. Screenshots of every
 * step at 1280×720 and 1920×1080 land in tests/.tmp/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots, startBrowserApp } from '../helpers/browserApp';

let app: Awaited<ReturnType<typeof startBrowserApp>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startBrowserApp('segment-e2e-flow-', (p) => p.on('pageerror', (e) => pageErrors.push(e.message)), {
    width: 1280,
    height: 720,
  });
  page = app.page;
}, 120_000);

afterAll(async () => app?.close());

const steps = () => page.getByRole('navigation', { name: 'Steps of the work' });
const current = () => steps().locator('[aria-current="step"]').innerText();
const hash = () => page.evaluate('window.location.hash') as Promise<string>;
const inView = (selector: string) =>
  page.evaluate(
    `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; })()`,
  ) as Promise<boolean>;

/** How far the table named `label` runs past its scrolling box (0: it fits). */
const overrun = (label: string) =>
  page.evaluate(
    `(() => { const box = document.querySelector('table[aria-label=${JSON.stringify(label)}]').closest('.table-scroll'); return box.scrollWidth - box.clientWidth; })()`,
  ) as Promise<number>;

/**
 * The step at both sizes, its section scrolled back into view after each resize; the tables named
 * in `fits` must fit the page at both (no scrolling sideways to reach their last column).
 */
async function shoot(name: string, section?: string, fits: string[] = []): Promise<void> {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    if (section) await page.evaluate(`document.getElementById(${JSON.stringify(section)}).scrollIntoView()`);
    for (const label of fits) expect(await overrun(label), `${label} at ${width}×${height}`).toBe(0);
    await page.screenshot({ path: join(screenshots, `flow-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

describe('the guided flow', () => {
  it('walks the six steps on the sample with the stepper, and a reload, back and forward keep the place', async () => {
    // Step 1: the sample's "start here", the data's columns.
    await expect.poll(current).toMatch(/^1\s*Data$/);
    await page.getByText('Start here: this is sample data to try every step on.').waitFor();
    await page.getByText(/^Step 1 of 6: Check how each column was read/).waitFor();
    expect(
      await steps()
        .getByRole('button', { name: /Segments/ })
        .isDisabled(),
    ).toBe(true);
    // The columns table (name, type, why, label, meaning) fits without scrolling sideways.
    await shoot('1-data', undefined, ['Columns']);

    // Step 2: explore.
    await steps()
      .getByRole('button', { name: /Explore/ })
      .click();
    await expect.poll(hash).toMatch(/^#dataset\/\d+\/explore$/);
    await expect.poll(current).toMatch(/Explore$/);
    await page.getByRole('table', { name: 'Column summaries' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => inView('#step-explore')).toBe(true);
    await shoot('2-explore', 'step-explore');

    // Step 3: features — then a reload in the middle comes back to it.
    await steps()
      .getByRole('button', { name: /Features/ })
      .click();
    await expect.poll(hash).toMatch(/\/features$/);
    await page.reload();
    await expect.poll(current, { timeout: 30_000 }).toMatch(/Features$/);
    await expect.poll(() => inView('#step-features')).toBe(true);
    await shoot('3-features', 'step-features');

    // Step 4: how many segments; train at the k shown.
    await steps()
      .getByRole('button', { name: /How many segments/ })
      .click();
    await expect.poll(hash).toMatch(/\/k$/);
    await expect.poll(() => inView('#step-k')).toBe(true);
    await shoot('4-k', 'step-k');
    await page.getByRole('button', { name: 'Train' }).click();

    // Step 5: the segments.
    await page.getByRole('table', { name: 'Segments' }).waitFor({ timeout: 90_000 });
    await expect.poll(hash).toMatch(/^#model\/\d+$/);
    await expect.poll(current).toMatch(/Segments$/);
    expect(
      await steps()
        .getByRole('button', { name: /Data.*done/ })
        .count(),
    ).toBe(1);
    await page.locator('figure[data-chart="map"] .main-svg').first().waitFor({ timeout: 60_000 });
    await shoot('5-segments');

    // Step 6: report and share.
    await steps()
      .getByRole('button', { name: /Report & share/ })
      .click();
    await expect.poll(hash).toMatch(/^#model\/\d+\/share$/);
    await expect.poll(() => inView('#step-share')).toBe(true);
    await page.getByRole('region', { name: 'Report and presentation' }).waitFor();
    await shoot('6-share', 'step-share');

    // Back and forward move between the places.
    await page.goBack();
    await expect.poll(hash).toMatch(/^#model\/\d+$/);
    await expect.poll(current).toMatch(/Segments$/);
    await page.goBack();
    await expect.poll(hash).toMatch(/\/k$/);
    await expect.poll(current).toMatch(/How many segments$/);
    await page.goForward();
    await expect.poll(current).toMatch(/Segments$/);
    // From the segments, a dataset step opens the dataset at that step.
    await steps()
      .getByRole('button', { name: /Explore/ })
      .click();
    await expect.poll(hash).toMatch(/\/explore$/);
    await expect.poll(() => inView('#step-explore')).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
