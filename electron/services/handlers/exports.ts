import { basename } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { csvLine } from '../../../shared/csv';
import { XlsxStreamWriter } from '../export/xlsxStream';
import { datasetSummary, getDataset, storedColumns } from '../store/datasets';
import { datasetRowPages, iterateDatasetRows } from '../store/datasetRows';
import { assignmentsByRow, getModel, modelCentroidsScaled } from '../store/models';
import { safeFileName, type ServiceContext } from './context';

/** The labelled customers out (CSV, a streamed workbook), and new customers in (assign a file). */
export function createExports({ db, jobs, progressFor, files }: ServiceContext) {
  /**
   * The labelled customers, as the exports write them: the header (every dataset column, then
   * segment_id and segment), then each customer in import order with segment id (1-based) and name.
   */
  function labelledCustomers(modelId: number) {
    const model = getModel(db, modelId);
    const columns = storedColumns(db, model.datasetId);
    const labels = assignmentsByRow(db, modelId);
    const names = model.segments.map((s) => s.name);
    function* rows(): Generator<(string | number | null)[]> {
      for (const { rowId, values } of iterateDatasetRows(db, model.datasetId)) {
        const cluster = labels.get(rowId);
        yield [...values, cluster === undefined ? null : cluster + 1, cluster === undefined ? null : names[cluster]];
      }
    }
    return { model, header: [...columns.map((c) => c.name), 'segment_id', 'segment'], rows };
  }

  /**
   * The labelled customers as an .xlsx workbook, streamed: read from the store a page at a time,
   * written and compressed as it goes (`XlsxStreamWriter`), each chunk handed to `write`; the event
   * loop gets a turn between pages. Same columns as the CSV. Returns the row count.
   */
  async function writeSegmentsXlsx(jobId: string, modelId: number, write: (chunk: Uint8Array) => void) {
    const model = getModel(db, modelId);
    const columns = storedColumns(db, model.datasetId);
    const labels = assignmentsByRow(db, modelId);
    const names = model.segments.map((s) => s.name);
    const header = [...columns.map((c) => c.name), 'segment_id', 'segment'];
    const writer = new XlsxStreamWriter('Customers', header, write);
    const progress = progressFor(jobId);
    const total = getDataset(db, model.datasetId, 0).rows;
    let rows = 0;
    for (const page of datasetRowPages(db, model.datasetId)) {
      writer.addRows(
        page.map(({ rowId, values }) => {
          const cluster = labels.get(rowId);
          return [...values, cluster === undefined ? null : cluster + 1, cluster === undefined ? null : names[cluster]];
        }),
      );
      rows += page.length;
      progress(
        'xlsx',
        rows / Math.max(total, 1),
        `Wrote ${rows.toLocaleString('en')} of ${total.toLocaleString('en')} customers`,
      );
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await writer.finish();
    return { model, rows };
  }

  /** The labelled customers as an .xlsx workbook in memory (the app's download). */
  async function segmentsXlsx(jobId: string, modelId: number) {
    const chunks: Uint8Array[] = [];
    const { model, rows } = await writeSegmentsXlsx(jobId, modelId, (chunk) => chunks.push(chunk));
    const dataset = getDataset(db, model.datasetId, 0);
    return {
      fileName: `${safeFileName(`${dataset.name} - ${model.k} segments`)}.xlsx`,
      bytes: new Uint8Array(Buffer.concat(chunks)),
      rows,
    };
  }

  /** The labelled customers as CSV lines (text cells starting with = + - @ neutralised). */
  function* segmentsCsvLines(modelId: number): Generator<string> {
    const { header, rows } = labelledCustomers(modelId);
    yield csvLine(header);
    for (const row of rows()) yield csvLine(row);
  }

  const handlers: Pick<Handlers, 'exportSegmentsCsv' | 'exportSegmentsXlsx' | 'assignFile'> = {
    exportSegmentsCsv: ({ modelId }) => {
      const lines = [...segmentsCsvLines(modelId)];
      const model = getModel(db, modelId);
      const dataset = datasetSummary(db, model.datasetId);
      const base = safeFileName(dataset.name);
      return { fileName: `${base} - ${model.k} segments.csv`, csv: lines.join('\r\n') + '\r\n' };
    },
    exportSegmentsXlsx: async ({ jobId, modelId }) => {
      const { fileName, bytes, rows } = await segmentsXlsx(jobId, modelId);
      return { fileName, xlsxBase64: Buffer.from(bytes).toString('base64'), rows };
    },
    assignFile: async ({ jobId, modelId, fileName, content, contentBase64, fileToken }) => {
      const model = getModel(db, modelId);
      // Read, assigned and written as CSV in the worker.
      const { csv, rows, sizes } = await jobs.run(
        jobId,
        {
          kind: 'assign',
          input: {
            fileName: basename(fileName),
            source: files.bytesOf({ content, contentBase64, fileToken }).source,
            preprocessing: model.preprocessing,
            centroidsScaled: modelCentroidsScaled(db, modelId),
            segmentNames: model.segments.map((s) => s.name),
          },
        },
        progressFor(jobId),
      );
      const base = basename(fileName).replace(/\.[^.]+$/, '');
      return { fileName: `${base} - segments.csv`, csv, rows, sizes };
    },
  };
  return { handlers, segmentsCsvLines, segmentsXlsx, writeSegmentsXlsx };
}
