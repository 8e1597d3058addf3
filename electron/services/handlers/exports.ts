import { basename } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { csvLine } from '../../../shared/csv';
import { XlsxStreamWriter } from '../export/xlsxStream';
import { datasetSummary, getDataset, storedColumns } from '../store/datasets';
import { datasetRowPages } from '../store/datasetRows';
import { assignmentsByRow, getModel, modelCentroidsScaled } from '../store/models';
import { safeFileName, type ServiceContext } from './context';

/** The labelled customers out (CSV, a streamed workbook), and new customers in (assign a file). */
export function createExports({ db, jobs, progressFor, files }: ServiceContext) {
  /**
   * The labelled customers, as every export writes them: the header (every dataset column, then
   * segment_id and segment), then the customers in import order with segment id (1-based) and
   * name, a page at a time from the store (the connection is free between pages).
   */
  function labelledCustomers(modelId: number) {
    const model = getModel(db, modelId);
    const columns = storedColumns(db, model.datasetId);
    const labels = assignmentsByRow(db, modelId);
    const names = model.segments.map((s) => s.name);
    function* pages(): Generator<(string | number | null)[][]> {
      for (const page of datasetRowPages(db, model.datasetId)) {
        yield page.map(({ rowId, values }) => {
          const cluster = labels.get(rowId);
          return [...values, cluster === undefined ? null : cluster + 1, cluster === undefined ? null : names[cluster]];
        });
      }
    }
    const total = getDataset(db, model.datasetId, 0).rows;
    return { model, total, header: [...columns.map((c) => c.name), 'segment_id', 'segment'], pages };
  }

  /**
   * Each page of labelled customers handed to `take`, with progress, and a turn of the event loop
   * between pages so the app's window never freezes during a big export. Returns the row count.
   */
  async function eachPage(
    jobId: string,
    stage: string,
    labelled: ReturnType<typeof labelledCustomers>,
    take: (rows: (string | number | null)[][]) => void,
  ): Promise<number> {
    const progress = progressFor(jobId);
    let rows = 0;
    for (const page of labelled.pages()) {
      take(page);
      rows += page.length;
      progress(
        stage,
        rows / Math.max(labelled.total, 1),
        `Wrote ${rows.toLocaleString('en')} of ${labelled.total.toLocaleString('en')} customers`,
      );
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return rows;
  }

  /**
   * The labelled customers as an .xlsx workbook, streamed: written and compressed a page at a time
   * (`XlsxStreamWriter`), each chunk handed to `write`. Same columns as the CSV.
   */
  async function writeSegmentsXlsx(jobId: string, modelId: number, write: (chunk: Uint8Array) => void) {
    const labelled = labelledCustomers(modelId);
    const writer = new XlsxStreamWriter('Customers', labelled.header, write);
    const rows = await eachPage(jobId, 'xlsx', labelled, (page) => writer.addRows(page));
    await writer.finish();
    return { model: labelled.model, rows };
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

  /** The labelled customers as CSV lines (text cells starting with = + - @ neutralised), for a file. */
  function* segmentsCsvLines(modelId: number): Generator<string> {
    const { header, pages } = labelledCustomers(modelId);
    yield csvLine(header);
    for (const page of pages()) for (const row of page) yield csvLine(row);
  }

  const handlers: Pick<Handlers, 'exportSegmentsCsv' | 'exportSegmentsXlsx' | 'assignFile'> = {
    exportSegmentsCsv: async ({ modelId }) => {
      // A page at a time with the event loop's turns between them: the window never freezes.
      const labelled = labelledCustomers(modelId);
      const lines = [csvLine(labelled.header)];
      await eachPage(`export-csv-${modelId}`, 'csv', labelled, (page) => {
        for (const row of page) lines.push(csvLine(row));
      });
      const dataset = datasetSummary(db, labelled.model.datasetId);
      const base = safeFileName(dataset.name);
      return { fileName: `${base} - ${labelled.model.k} segments.csv`, csv: lines.join('\r\n') + '\r\n' };
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
