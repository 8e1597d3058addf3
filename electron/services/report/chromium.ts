import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import {
  FOOTER_TEMPLATE,
  HEADER_TEMPLATE,
  PAPER_NAMES,
  PRINT_MARGINS_MM,
  REPORT_ERROR_ATTRIBUTE,
  REPORT_STATE_ATTRIBUTE,
  REPORT_TIMEOUT_MS,
} from '../../../shared/report/print';
import type { PaperSize } from '../../../shared/report/settings';

/** Flags for a headless Chromium that never reaches the network on its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where Chromium, Chrome or Edge usually are, per platform; the environment variable comes first. */
export function chromiumCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const fromEnv = env.SEGMENT_STUDIO_CHROMIUM ? [env.SEGMENT_STUDIO_CHROMIUM] : [];
  if (platform === 'darwin') {
    return [
      ...fromEnv,
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return [
      ...fromEnv,
      ...roots.flatMap((root) => [
        join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        join(root, 'Chromium', 'Application', 'chrome.exe'),
      ]),
    ];
  }
  return [
    ...fromEnv,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ];
}

/** The Chromium to print with: the one given, or the first found; a clear error when there is none. */
export function findChromium(explicit?: string, exists: (path: string) => boolean = existsSync): string {
  if (explicit) {
    if (!exists(explicit)) throw new AppError('NO_CHROMIUM', `There is no browser at ${explicit}.`);
    return explicit;
  }
  const candidates = chromiumCandidates();
  const found = candidates.find((path) => exists(path));
  if (!found) {
    throw new AppError(
      'NO_CHROMIUM',
      'Printing a PDF needs Chromium, Google Chrome or Microsoft Edge, and none was found. Install one, ' +
        `or give its path with --chromium PATH or SEGMENT_STUDIO_CHROMIUM. Looked in: ${candidates.join(', ')}.`,
    );
  }
  return found;
}

/**
 * Open the report page in a headless Chromium, wait until it has drawn every chart, and print it
 * to PDF with page numbers. `url` must carry the browser-mode token.
 */
export async function printWithChromium(executablePath: string, url: string, paper: PaperSize): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(url);
    await page.waitForSelector(`[${REPORT_STATE_ATTRIBUTE}="ready"], [${REPORT_STATE_ATTRIBUTE}="error"]`, {
      state: 'attached',
      timeout: REPORT_TIMEOUT_MS,
    });
    const failure = await page.getAttribute('html', REPORT_ERROR_ATTRIBUTE);
    if (failure !== null) throw new AppError('REPORT_FAILED', `The report could not be drawn: ${failure}`);
    const mm = (v: number) => `${v}mm`;
    return await page.pdf({
      format: PAPER_NAMES[paper],
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: HEADER_TEMPLATE,
      footerTemplate: FOOTER_TEMPLATE,
      margin: {
        top: mm(PRINT_MARGINS_MM.top),
        right: mm(PRINT_MARGINS_MM.right),
        bottom: mm(PRINT_MARGINS_MM.bottom),
        left: mm(PRINT_MARGINS_MM.left),
      },
      outline: true,
      tagged: true,
    });
  } finally {
    await browser.close();
  }
}
