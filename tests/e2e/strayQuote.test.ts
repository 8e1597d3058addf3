import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots, startBrowserApp } from '../helpers/browserApp';

type App = Awaited<ReturnType<typeof startBrowserApp>>;
let app: App;
beforeAll(async () => {
  app = await startBrowserApp('segment-stray-');
});
afterAll(async () => app?.close());

describe('the import wizard and a stray quote far into a file', () => {
  it('stops the import at the row (past the 4 MB preview), then imports every row with quotes read literally', async () => {
    // 200,000 rows of about 30 bytes: row 150,001 sits past the first 4 MB that the preview reads.
    const lines = ['id,spend,visits,screen'];
    for (let i = 1; i <= 200_000; i++) {
      lines.push(
        `customer-${i},${(i * 13) % 997}.25,${i % 11},${lines.length + 1 === 150_001 ? '"12" screen' : 'standard'}`,
      );
    }
    const file = join(app.dir, 'screens.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const { page } = app;
    await page.getByLabel('Import CSV file').setInputFiles(file);
    const wizard = page.getByRole('dialog', { name: /^Import / });
    await wizard.getByRole('table', { name: 'File preview' }).waitFor({ timeout: 60_000 });
    for (const next of ['Columns to import', 'Cleaning']) {
      await wizard.getByRole('button', { name: 'Next' }).click();
      await wizard.getByRole('table', { name: next }).waitFor();
    }
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('region', { name: 'Derive' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    const error = wizard.getByText(/screens\.csv, row 150,001, column "screen": a field starts with a quote/);
    await error.waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(screenshots, 'wizard-stray-quote.png') });
    // Nothing was stored: the dataset list holds only the sample.
    expect(await page.getByRole('button', { name: /screens/ }).count()).toBe(0);

    await wizard.getByRole('button', { name: 'Read quotes as ordinary characters' }).click();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await wizard.waitFor({ state: 'detached', timeout: 120_000 });
    const account = page.getByLabel('What the import did');
    await account.waitFor();
    expect(await account.innerText()).toMatch(
      /200,000 records: 200,000 rows stored\. Quotes read as ordinary characters\./,
    );
    await page.screenshot({ path: join(screenshots, 'dataset-import-account.png') });
    // A reload comes back to this dataset, not to the sample.
    await page.reload();
    await page.getByRole('heading', { name: 'screens', level: 2 }).waitFor();
    expect(page.url()).toMatch(/#dataset\/\d+$/);
    expect(page.url()).not.toContain('token=');
  }, 300_000);
});
