import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { getDataset } from '../store/datasets';
import { getModel } from '../store/models';
import { getReportSettings, saveReportSettings } from '../store/reports';
import { safeFileName, type ServiceContext } from './context';

/** Text from outside as one quoted, escaped log field (JSON, plus the line separators JSON leaves as they are). */
const logText = (text: string): string =>
  JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Reports: their settings, the PDF, and the renderer's error reports for the log. */
export function reportHandlers({
  db,
  options,
  writeLog,
}: ServiceContext): Pick<Handlers, 'getReportSettings' | 'saveReportSettings' | 'exportReportPdf' | 'reportError'> {
  return {
    getReportSettings: ({ modelId }) => getReportSettings(db, modelId),
    saveReportSettings: ({ modelId, settings }) => saveReportSettings(db, modelId, settings),
    exportReportPdf: async ({ modelId, paper, sections }) => {
      const model = getModel(db, modelId);
      const settings = getReportSettings(db, modelId);
      if (!options.printReport) {
        throw new AppError('PDF_UNAVAILABLE', 'This copy of the app cannot print PDFs: use the report view and Print.');
      }
      const pdf = await options.printReport(modelId, { paper: paper ?? settings.paper, sections });
      const dataset = getDataset(db, model.datasetId, 0);
      const fileName = `${safeFileName(`${dataset.name} - ${model.k} segments report`)}.pdf`;
      return { fileName, pdfBase64: Buffer.from(pdf).toString('base64') };
    },
    reportError: ({ message, stack, where }) => {
      // One line, escaped: text from the page can never start a log line of its own.
      writeLog(
        'error',
        `renderer error in ${logText(where)}: ${logText(message)}${stack ? ` stack ${logText(stack)}` : ''}`,
      );
      return { logged: true };
    },
  };
}
