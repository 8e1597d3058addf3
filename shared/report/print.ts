import type { PaperSize } from './settings';

/** Page margins of the printed report, in millimetres (the footer sits in the bottom one). */
export const PRINT_MARGINS_MM = { top: 14, right: 14, bottom: 18, left: 14 } as const;

/**
 * Chromium's footer template: page numbers only. It is filled by Chromium (the title and numbers
 * go in as text), so nothing from the data is ever written into this markup.
 */
export const FOOTER_TEMPLATE =
  '<div style="width:100%;font-size:8px;color:#555;padding:0 14mm;display:flex;justify-content:space-between;' +
  'font-family:\'Inter\',Arial,sans-serif"><span class="title"></span>' +
  '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>';
export const HEADER_TEMPLATE = '<div></div>';

export const PAPER_NAMES: Record<PaperSize, 'A4' | 'Letter'> = { a4: 'A4', letter: 'Letter' };

/** The report page marks itself ready (charts drawn) or failed on the root element. */
export const REPORT_STATE_ATTRIBUTE = 'data-report-state';
export const REPORT_ERROR_ATTRIBUTE = 'data-report-error';
/** Longest wait for the report page to draw before printing gives up. */
export const REPORT_TIMEOUT_MS = 180_000;
