import type { Page } from 'playwright-core';

/** Go through the import wizard as a user who accepts what was detected: Next, Next, Import. */
export async function finishImportWizard(page: Page): Promise<void> {
  const wizard = page.getByRole('dialog', { name: /^Import / });
  await wizard.getByRole('table', { name: 'File preview' }).waitFor({ timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('table', { name: 'Columns to import' }).waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('table', { name: 'Cleaning' }).waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('region', { name: 'Derive' }).waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  await wizard.waitFor({ state: 'detached', timeout: 60_000 });
}
