import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot } from '../helpers/built';
import { screenshots, startBrowserApp } from '../helpers/browserApp';
import { finishImportWizard } from '../helpers/wizard';

let app: Awaited<ReturnType<typeof startBrowserApp>>;
let page: Page;

beforeAll(async () => {
  app = await startBrowserApp('segment-e2e-explore-');
  page = app.page;
}, 60_000);

afterAll(() => app?.close());

describe('the data summary (EDA) and its one-click fixes', () => {
  it('shows the dates read from a day/month file, box plots, and fixes a skewed and a duplicated column', async () => {
    await page.getByLabel('Import CSV file').setInputFiles(join(repoRoot, 'tests', 'corpus', 'eda-warnings.csv'));
    const wizard = page.getByRole('dialog', { name: 'Import eda-warnings.csv' });
    // The preview names the date column, its day/month order and why; the order can be changed.
    await wizard
      .getByText('Dates in “signup”: 60 dates, 0 blank; day/month/year (13/01/2023 in row 14', { exact: false })
      .waitFor();
    await wizard.getByLabel('Date order').waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    const kinds = wizard.getByRole('table', { name: 'Columns to import' });
    await kinds.waitFor();
    expect(await kinds.getByRole('combobox', { name: 'Kind of signup' }).inputValue()).toBe('date');
    // A label and a meaning set here are kept with the dataset.
    await kinds.getByRole('textbox', { name: 'Label of spend', exact: true }).fill('Spend (€)');
    await kinds.getByRole('textbox', { name: 'Label of spend', exact: true }).blur();
    await kinds.getByRole('combobox', { name: 'Meaning of visits', exact: true }).selectOption('none');
    await wizard.screenshot({ path: join(screenshots, '1d-wizard-date-column.png') });
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('table', { name: 'Cleaning' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    // Tenure in days from the sign-up date, to a chosen day, with its first values shown.
    const derive = wizard.getByRole('region', { name: 'Derive' });
    await derive.getByLabel('Template').selectOption('tenure');
    await derive.getByLabel('New column name').fill('Tenure');
    await derive.getByRole('checkbox', { name: 'signup' }).check();
    await derive.getByLabel('Reference date (YYYY-MM-DD)').fill('2024-01-01');
    await derive.getByRole('button', { name: 'Add the feature' }).click();
    await expect
      .poll(() => derive.getByRole('list', { name: 'Derived features' }).innerText())
      .toMatch(/Tenure = tenure\(signup\) @ 2024-01-01 — first values: 365, 333/);
    await wizard.screenshot({ path: join(screenshots, '1e-wizard-tenure.png') });
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await wizard.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('heading', { name: 'eda-warnings' }).waitFor();
    const columns = page.getByRole('table', { name: 'Columns' });
    expect(await columns.getByRole('row', { name: /^signup Date/ }).count()).toBe(1);
    expect(await columns.getByRole('row', { name: /^Tenure Number/ }).count()).toBe(1);
    expect(await columns.getByRole('textbox', { name: 'Label of spend', exact: true }).inputValue()).toBe('Spend (€)');
    expect(await columns.getByRole('combobox', { name: 'Meaning of visits', exact: true }).inputValue()).toBe('none');

    const warnings = page.getByRole('list', { name: 'Data warnings' });
    await warnings.waitFor({ timeout: 30_000 });
    const text = await warnings.innerText();
    expect(text).toContain('country has the same value in every row');
    expect(text).toContain('spend is very skewed');
    expect(text).toContain('visits and visits_copy move together');

    // Skewed: add log(1 + x); the new column is summarised and shown with its box plot.
    await warnings.getByRole('button', { name: 'Add log(1 + x) of spend' }).click();
    const summaries = page.getByRole('table', { name: 'Column summaries' });
    await summaries.getByRole('button', { name: 'spend (log)' }).waitFor();
    await page.getByRole('img', { name: 'Distribution of spend (log)' }).waitFor();
    await page.locator('figure[data-chart="distribution"] .boxlayer path.box').first().waitFor({ state: 'attached' });
    await page.getByRole('checkbox', { name: 'spend (log)', exact: true }).waitFor();

    // Duplicated: leave one out of segmentation; it is no longer offered as a feature, and comes back.
    await warnings.getByRole('button', { name: 'Leave out visits_copy' }).click();
    await warnings.getByText('visits_copy is left out of segmentation.').waitFor();
    await page.getByRole('checkbox', { name: 'visits_copy', exact: true }).waitFor({ state: 'detached' });
    await page
      .locator('section[aria-labelledby="explore-heading"]')
      .screenshot({ path: join(screenshots, '2c-explore-fixes.png') });
    await warnings.getByRole('button', { name: 'Use visits_copy again' }).click();
    await page.getByRole('checkbox', { name: 'visits_copy', exact: true }).waitFor();
  }, 120_000);

  it('previews a big file from its first part, says the counts are estimates, and imports every row', async () => {
    const rows = 200_000;
    const lines = ['customer_id,spend,visits,region'];
    for (let i = 0; i < rows; i++)
      lines.push(`CUSTOMER-${i},${(i * 37) % 1000}.25,${i % 17},${['North', 'South', 'East'][i % 3]}`);
    const file = join(app.dir, 'big-customers.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await page.getByLabel('Import CSV file').setInputFiles(file);
    const wizard = page.getByRole('dialog', { name: 'Import big-customers.csv' });
    const estimate = wizard.getByText(
      /^About [\d,]+ customers \(estimated from the first 4\.0 MB of \d+(\.\d)? MB; the import reads every row\)/,
    );
    await estimate.waitFor({ timeout: 30_000 });
    await wizard.screenshot({ path: join(screenshots, '1c-wizard-big-file.png') });
    const about = Number(/About ([\d,]+)/.exec(await estimate.innerText())?.[1].replace(/,/g, ''));
    expect(Math.abs(about - rows) / rows).toBeLessThan(0.05);
    await finishImportWizard(page);
    await page.getByRole('heading', { name: 'big-customers' }).waitFor();
    await page.getByText(`${rows.toLocaleString()} customers`, { exact: false }).first().waitFor();
  }, 120_000);

  it('turns away a file over 256 MB before reading it, pointing to the command line', async () => {
    const file = join(app.dir, 'huge.csv');
    writeFileSync(file, 'customer_id,spend\n');
    truncateSync(file, 300 * 2 ** 20); // sparse: 300 MB on paper, nothing on disk
    await page.getByLabel('Import CSV file').setInputFiles(file);
    const alert = page.getByRole('alert').filter({ hasText: 'huge.csv is 300 MB' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('segment-studio import "huge.csv"');
    expect(await page.getByRole('dialog', { name: 'Import huge.csv' }).count()).toBe(0);
  }, 60_000);
});
