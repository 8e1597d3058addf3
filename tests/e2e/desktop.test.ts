import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot } from '../helpers/built';
import { startBrowserApp } from '../helpers/browserApp';
import { finishImportWizard } from '../helpers/wizard';

let app: Awaited<ReturnType<typeof startBrowserApp>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startBrowserApp('segment-e2e-desktop-', (opened) =>
    opened.on('pageerror', (error) => pageErrors.push(error.message)),
  );
  page = app.page;
}, 60_000);

afterAll(() => app?.close());

/** Drop a file on the page the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(fileName: string, content: string, type: string): Promise<void> {
  // A string, so the test's TypeScript needs no DOM types.
  const dataTransfer = await page.evaluateHandle(
    `(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(content)}], ${JSON.stringify(fileName)}, { type: ${JSON.stringify(type)} }));
      return transfer;
    })()`,
  );
  for (const event of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('main', event, { dataTransfer });
  }
}

describe('desktop behaviour, in browser mode', () => {
  it('a CSV file dropped on the window opens the import wizard, which imports it', async () => {
    const csv = readFileSync(join(repoRoot, 'tests', 'fixtures', 'blobs_300.csv'), 'utf8');
    await dropFile('dropped customers.csv', csv, 'text/csv');
    await page.getByRole('dialog', { name: 'Import dropped customers.csv' }).waitFor();
    await finishImportWizard(page);
    await page.getByRole('heading', { name: 'dropped customers' }).waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Columns' }).waitFor();
    // The page did not navigate to the file.
    expect(new URL(page.url()).origin).toBe(app.serve.origin);
  });

  it('a dropped file that is not a table gets a clear message naming it, and nothing is stored', async () => {
    const before = await page.getByRole('navigation', { name: 'Datasets' }).getByRole('button').count();
    await dropFile('empty.csv', '', 'text/csv');
    const alert = page.getByRole('alert').filter({ hasText: 'empty.csv is empty' });
    await alert.waitFor();
    await page.getByRole('dialog', { name: 'Import empty.csv' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('navigation', { name: 'Datasets' }).getByRole('button').count()).toBe(before);
  });

  it('shows the guide from Help, and Esc closes it', async () => {
    await page.getByRole('button', { name: 'Help' }).click();
    const guide = page.getByRole('dialog', { name: 'How Segment Studio works' });
    await guide.waitFor();
    expect(await guide.getByRole('listitem').count()).toBe(5);
    await page.keyboard.press('Escape');
    expect(await guide.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
