import { basename } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { datasetSummary } from '../store/datasets';
import { getModel, modelCentroidsScaled } from '../store/models';
import { sqliteBinding } from '../store/sqlite';
import { latestTransitions, saveTransitions } from '../store/transitions';
import { safeFileName, type ServiceContext } from './context';

/** The labelled customers out (CSV, a streamed workbook), and new customers in (assign a file). */
export function createExports({ db, jobs, progressFor, files }: ServiceContext) {
  let exports = 0;
  /**
   * The labelled customers, written by the worker from the store (see export/labelled.ts): to
   * `outPath`, or returned as the CSV text or the workbook's bytes. The main process formats nothing.
   */
  async function exportLabelled(
    jobId: string,
    input: { modelId: number; format: 'csv' | 'xlsx' | 'parquet'; cleaned?: boolean; outPath?: string },
  ) {
    if (db.memory) throw new AppError('NOT_AVAILABLE', 'Exports need a store kept in a file.');
    const model = getModel(db, input.modelId);
    const result = await jobs.run(
      jobId,
      { kind: 'exportLabelled', input: { ...input, dbPath: db.name, nativeBinding: sqliteBinding() } },
      progressFor(jobId),
    );
    const dataset = datasetSummary(db, model.datasetId);
    const fileName = `${safeFileName(`${dataset.name} - ${model.k} segments`)}.${input.format}`;
    return { ...result, fileName };
  }

  /**
   * New customers from a file put into a model's segments: read, assigned and written as CSV (or
   * Parquet) in the worker — handed back, or written by it to `outPath` (the command line's --out).
   */
  async function assign(
    jobId: string,
    input: {
      modelId: number;
      fileName: string;
      file: { content?: string; contentBase64?: string; fileToken?: string };
      format?: 'csv' | 'parquet';
      outPath?: string;
    },
  ) {
    const model = getModel(db, input.modelId);
    return jobs.run(
      jobId,
      {
        kind: 'assign',
        input: {
          fileName: basename(input.fileName),
          source: files.sourceOf(input.file),
          preprocessing: model.preprocessing,
          centroidsScaled: modelCentroidsScaled(db, input.modelId),
          segmentNames: model.segments.map((s) => s.name),
          recipe: model.recipe,
          format: input.format,
          ...(input.outPath ? { outPath: input.outPath } : {}),
        },
      },
      progressFor(jobId),
    );
  }

  const handlers: Pick<
    Handlers,
    'exportSegmentsCsv' | 'exportSegmentsXlsx' | 'assignFile' | 'transitions' | 'latestTransitions'
  > = {
    latestTransitions: ({ modelId }) => {
      getModel(db, modelId);
      return latestTransitions(db, modelId);
    },
    transitions: async ({ jobId, modelId, before, after, id }) => {
      const model = getModel(db, modelId);
      // A file opened by path is read by the worker from there (never whole in this process).
      const file = (f: typeof before) => ({ fileName: basename(f.fileName), source: files.sourceOf(f) });
      const result = await jobs.run(
        jobId,
        {
          kind: 'transitions',
          input: {
            before: file(before),
            after: file(after),
            ...(id !== undefined ? { id } : {}),
            preprocessing: model.preprocessing,
            centroidsScaled: modelCentroidsScaled(db, modelId),
            recipe: model.recipe,
            segmentNames: model.segments.map((s) => s.name),
          },
        },
        progressFor(jobId),
      );
      // The last comparison is kept: the report's "Segments over time" shows it.
      saveTransitions(db, modelId, result, basename(before.fileName), basename(after.fileName));
      return result;
    },
    exportSegmentsCsv: async ({ modelId, cleaned }) => {
      const { fileName, csv } = await exportLabelled(`export-csv-${modelId}-${++exports}`, {
        modelId,
        format: 'csv',
        cleaned,
      });
      return { fileName, csv: csv ?? '' };
    },
    exportSegmentsXlsx: async ({ jobId, modelId, cleaned }) => {
      const { fileName, bytes, rows } = await exportLabelled(jobId, { modelId, format: 'xlsx', cleaned });
      return { fileName, xlsxBase64: Buffer.from(bytes ?? new Uint8Array()).toString('base64'), rows };
    },
    assignFile: async ({ jobId, modelId, fileName, content, contentBase64, fileToken, format }) => {
      const { csv, rows, sizes, leftOut, parquet } = await assign(jobId, {
        modelId,
        fileName,
        file: { content, contentBase64, fileToken },
        format,
      });
      const base = basename(fileName).replace(/\.[^.]+$/, '');
      return parquet
        ? {
            fileName: `${base} - segments.parquet`,
            csv: '',
            rows,
            sizes,
            leftOut,
            parquetBase64: Buffer.from(parquet).toString('base64'),
          }
        : { fileName: `${base} - segments.csv`, csv, rows, sizes, leftOut };
    },
  };
  return { handlers, exportLabelled, assign };
}
