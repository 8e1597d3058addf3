import {
  FOOTER_TEMPLATE,
  HEADER_TEMPLATE,
  PAPER_NAMES,
  PRINT_MARGINS_MM,
  REPORT_ERROR_ATTRIBUTE,
  REPORT_STATE_ATTRIBUTE,
  REPORT_TIMEOUT_MS,
} from '../../shared/report/print';
import { reportRoute, type PaperSize, type ReportOverrides } from '../../shared/report/settings';
import { AppError } from '../../shared/errors';
import { createAppWindow } from './window';

const inches = (mm: number) => mm / 25.4;

/**
 * The desktop's report printer: the report page in a hidden window of the app (same preload, same
 * lock-down), printed with webContents.printToPDF once it marks itself ready.
 */
export async function printReportInElectron(
  modelId: number,
  overrides: ReportOverrides & { paper: PaperSize },
): Promise<Uint8Array> {
  const window = createAppWindow({ show: false, width: 1000, height: 1400, hash: reportRoute(modelId, overrides) });
  try {
    const started = Date.now();
    for (;;) {
      const state = (await window.webContents.executeJavaScript(
        `[document.documentElement.getAttribute(${JSON.stringify(REPORT_STATE_ATTRIBUTE)}),
          document.documentElement.getAttribute(${JSON.stringify(REPORT_ERROR_ATTRIBUTE)})]`,
      )) as [string | null, string | null];
      if (state[0] === 'ready') break;
      if (state[0] === 'error') throw new AppError('REPORT_FAILED', `The report could not be drawn: ${state[1]}`);
      if (Date.now() - started > REPORT_TIMEOUT_MS)
        throw new AppError('REPORT_FAILED', 'The report took too long to draw.');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return await window.webContents.printToPDF({
      pageSize: PAPER_NAMES[overrides.paper],
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: HEADER_TEMPLATE,
      footerTemplate: FOOTER_TEMPLATE,
      margins: {
        top: inches(PRINT_MARGINS_MM.top),
        right: inches(PRINT_MARGINS_MM.right),
        bottom: inches(PRINT_MARGINS_MM.bottom),
        left: inches(PRINT_MARGINS_MM.left),
      },
      generateDocumentOutline: true,
      generateTaggedPDF: true,
    });
  } finally {
    window.destroy();
  }
}
