/**
 * What a user sets up on a dataset comes back: choose features, a log column, the scaling and k,
 * train, open the segments, go back — the setup is there; reload the page — still there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/built';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots, startBrowserApp } from '../helpers/browserApp';

let app: Awaited<ReturnType<typeof startBrowserApp>>;
beforeAll(async () => {
  app = await startBrowserApp('segment-e2e-setup-');
});
afterAll(async () => {
  await app?.close();
});

describe('the setup of a dataset is remembered', () => {
  it('comes back after the segments and after a reload', async () => {
    const { page } = app;
    // Before any choice: the defaults leave out the 0/1 flag, and say why.
    const leftOut = page.getByRole('list', { name: 'Columns left out by default' });
    await leftOut.waitFor();
    expect(await leftOut.innerText()).toContain('responded_last_campaign: a 0/1 flag');
    await page.getByRole('heading', { name: 'Features' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'features-default.png') });
    await page.getByRole('button', { name: 'Select none' }).click();
    for (const name of ['income', 'recency_days', 'spend_wine', 'purchases_web']) {
      await page.getByRole('checkbox', { name, exact: true }).check();
    }
    await page.getByRole('checkbox', { name: 'log(1 + x) of spend_wine' }).check();
    await page.getByLabel('Scaling').selectOption('robust');
    await page.getByLabel('Number of segments (k)').fill('3');
    // The recipe of the sample's import is listed in words.
    const recipe = page.getByRole('list', { name: 'Recipe steps' });
    expect(await recipe.innerText()).toContain(
      'Read from “\u2068customers.csv\u2069” (encoding UTF-8, comma-separated).',
    );
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('table', { name: 'Segments' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('table', { name: 'Segments' }).locator('tbody tr').count()).toBe(3);

    // Who is worth what: the sample has several spend columns and no total, so the user picks one.
    const worth = page.getByRole('table', { name: 'Segment value' });
    await worth.waitFor();
    expect(await worth.locator('thead').innerText()).toContain('Responded last campaign rate');
    await page.getByLabel('Value column').selectOption('spend_meat');
    await worth.getByRole('columnheader', { name: 'Share of Spend on meat' }).waitFor();
    await page.getByRole('heading', { name: 'Who is worth what' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'segment-value.png') });

    // Segments over time: the sample, then a later export with some customers gone and incomes up.
    const sample = join(repoRoot, 'resources', 'sample', 'customers.csv');
    const [head, ...lines] = readFileSync(sample, 'utf8').trim().split('\n');
    const income = head.split(',').indexOf('income');
    const later = lines.slice(100).map((line) => {
      const cells = line.split(',');
      if (cells[income] !== '') cells[income] = String(Math.round(Number(cells[income]) * 1.3));
      return cells.join(',');
    });
    const laterFile = join(app.dir, 'later.csv');
    writeFileSync(laterFile, [head, ...later].join('\n'));
    await page.getByLabel('Earlier snapshot').setInputFiles(sample);
    await page.getByLabel('Later snapshot').setInputFiles(laterFile);
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const sizes = page.getByRole('table', { name: 'Segment sizes over time' });
    await sizes.waitFor({ timeout: 60_000 });
    expect(await page.getByRole('status').filter({ hasText: 'customers are in both snapshots' }).innerText()).toMatch(
      /^2,900 customers are in both snapshots/,
    );
    // The flows are drawn in their earlier segment's colour (never white on white).
    expect(
      await page
        .locator('.sankey-link')
        .first()
        .evaluate(
          (e) =>
            (globalThis as unknown as { getComputedStyle: (e: unknown) => { fill: string } }).getComputedStyle(e).fill,
        ),
    ).not.toBe('rgb(255, 255, 255)');
    const drift = page.getByRole('table', { name: 'Drift of each feature' });
    expect(await drift.innerText()).toMatch(/income has shifted up; consider retraining/);
    await page.getByRole('heading', { name: 'Compare snapshots' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'compare-snapshots.png'), fullPage: false });

    // The model as SQL for the warehouse, to read and copy.
    await page.getByText('Score in your warehouse (SQL)').click();
    await page.getByLabel('Database').selectOption('bigquery');
    await page.getByRole('button', { name: 'Write the SQL' }).click();
    const sql = page.getByRole('textbox', { name: 'Scoring SQL' });
    await sql.waitFor();
    expect(await sql.inputValue()).toMatch(/^-- Segment Studio scoring SQL \(bigquery\)/);
    expect(await sql.inputValue()).toContain('FROM `customers`');
    await sql.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'scoring-sql.png') });

    const check = async () => {
      await page.getByRole('heading', { name: 'Features' }).waitFor();
      const checked = await page
        .locator('.feature-list input[type="checkbox"]:not([aria-label])')
        .evaluateAll((boxes) =>
          (boxes as { checked: boolean; parentElement: { textContent: string | null } | null }[])
            .filter((b) => b.checked)
            .map((b) => b.parentElement?.textContent?.trim()),
        );
      expect(checked).toEqual(['income', 'recency_days', 'spend_wine', 'purchases_web']);
      expect(await page.getByRole('checkbox', { name: 'log(1 + x) of spend_wine' }).isChecked()).toBe(true);
      expect(await page.getByLabel('Scaling').inputValue()).toBe('robust');
      expect(await page.getByLabel('Number of segments (k)').inputValue()).toBe('3');
    };
    await page.getByRole('button', { name: '← Back to the dataset' }).click();
    await check();
    await page.screenshot({ path: join(screenshots, 'setup-remembered.png'), fullPage: true });
    await page.reload();
    await check();
  });

  it('asks "code or number?" in the wizard, and one click makes a code a category', async () => {
    const { page } = app;
    const lines = ['customer_id,Region,Channel,Fresh,Kidhome'];
    for (let i = 0; i < 60; i++) lines.push(`C${i},${1 + (i % 3)},${1 + (i % 2)},${(i * 733) % 20000},${i % 3}`);
    const file = join(app.dir, 'wholesale.csv');
    writeFileSync(file, lines.join('\n'));
    await page.getByLabel('Import CSV file').setInputFiles(file);
    const wizard = page.getByRole('dialog', { name: 'Import wholesale.csv' });
    await wizard.getByRole('table', { name: 'File preview' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    const kinds = wizard.getByRole('table', { name: 'Columns to import' });
    const region = kinds.getByRole('row', { name: /Region/ });
    expect(await region.innerText()).toContain('looks like a code (3 whole-number values, 1–3)');
    // Kidhome is a count by its name: no question.
    expect(await kinds.getByRole('row', { name: /Kidhome/ }).innerText()).not.toContain('code');
    await region.getByRole('button', { name: 'Make Region a category' }).click();
    await expect.poll(() => wizard.getByLabel('Kind of Region').inputValue()).toBe('categorical');
  });
});
