import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { contract, type CallResult, type Handlers } from '../../shared/api/contract';
import { callNames, type CallName, type Envelope } from '../../shared/api/names';
import { csvLine } from '../../shared/csv';
import type { AppEvent } from '../../shared/domain';
import { AppError, toErrorShape } from '../../shared/errors';
import { type Db, getMeta, setMeta, storeError } from './store/database';
import {
  addLogColumn,
  cachedDescription,
  saveDescription,
  setColumnExcluded,
  getDataset,
  insertDataset,
  iterateDatasetRows,
  datasetRowPages,
  datasetSummary,
  listDatasets,
  readColumnValues,
  readFeatures,
  storedColumns,
} from './store/datasets';
import { getSweep, insertSweep, latestSweep } from './store/sweeps';
import { getReportSettings, saveReportSettings } from './store/reports';
import type { PaperSize, ReportOverrides } from '../../shared/report/settings';
import {
  assignmentsByRow,
  getModel,
  insertModel,
  listModels,
  modelCentroidsScaled,
  updateSegment,
  renameModel,
  deleteModel,
} from './store/models';
import type { JobRunner } from './workerHost';
import type { FileSource } from '../../shared/worker/messages';
import { createStaging, dropStaging, finishStaging, type Staging } from './store/staging';
import { isWorkbook } from './import/decode';
import { PREVIEW_PREFIX_BYTES } from '../../shared/api/limits';
import { cutAtLastLineBreak } from '../../shared/import/prefix';
import type { ImportOptions } from '../../shared/import/options';
import { modelFile, modelFileSchema } from '../../shared/segments/modelFile';
import { importModelFile } from './store/importModel';
import { XlsxStreamWriter } from './export/xlsxStream';

export interface AppServiceOptions {
  db: Db;
  jobs: JobRunner;
  mode: 'desktop' | 'browser' | 'cli';
  version: string;
  emit?: (event: AppEvent) => void;
  /**
   * Prints a model's report page to PDF: Electron's printToPDF in the desktop app, Chromium
   * (playwright-core) in browser mode and the CLI. Absent, exportReportPdf says so.
   */
  /** Where the service writes what happened (electron-log in the desktop app; stderr elsewhere). */
  log?: (level: 'info' | 'error', message: string) => void;
  printReport?: (modelId: number, overrides: ReportOverrides & { paper: PaperSize }) => Promise<Uint8Array>;
  /** The desktop shell's "Open" dialog for a customer table: the chosen path, or null if cancelled. */
  chooseFile?: () => Promise<string | null>;
}

/** Text from outside as one quoted, escaped log field (JSON, plus the line separators JSON leaves as they are). */
const logText = (text: string): string =>
  JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A file name made of a person's words: letters, digits, spaces, - and _ only. */
export const safeFileName = (text: string): string => text.replace(/[^\p{L}\p{N}_ -]+/gu, '_').slice(0, 120);

const SAMPLE_KEY = 'sample_dataset_id';
/** Raise when the data summary's contents change, so stored summaries are computed again. */
const DESCRIBE_VERSION = 2;

/** The file a call carries: text as it is, base64 as bytes (decoded in the worker, encoding detected). */
/** The first `limit` bytes of a file (all of it by default) and its size; a missing file is named. */
function readPrefix(fileName: string, path: string, limit = Infinity): { bytes: Uint8Array; totalBytes: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new AppError(
      'FILE_NOT_FOUND',
      `${fileName} is not there any more (moved, renamed or deleted). Choose it again.`,
    );
  }
  try {
    const totalBytes = fstatSync(fd).size;
    const length = Math.min(limit, totalBytes);
    const bytes = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read), totalBytes };
  } finally {
    closeSync(fd);
  }
}

export function fileSource(args: { content?: string; contentBase64?: string }): FileSource {
  return args.content !== undefined
    ? { text: args.content }
    : { bytes: Buffer.from(args.contentBase64 ?? '', 'base64') };
}

/**
 * Every API call as a plain function over the store and the worker: no Electron here, so the
 * desktop shell, browser mode and the CLI share it.
 */
export function createAppService(options: AppServiceOptions) {
  const { db, jobs } = options;
  const emit = options.emit ?? (() => {});
  const writeLog = options.log ?? ((level, message) => (level === 'error' ? console.error(message) : undefined));
  const progressFor = (jobId: string) => (stage: string, fraction: number | null, message: string) =>
    emit({ type: 'progress', jobId, stage, fraction, message });

  /**
   * Import a file as a new dataset. Delimited text streams (read in chunks by the worker, stored
   * batch by batch, from a path or from bytes; cleaning and derived columns take a second pass that
   * keeps only their columns whole); workbooks and transaction logs read the whole table. Either
   * way the dataset appears whole or not at all.
   */
  async function importFile(
    jobId: string,
    fileName: string,
    source: FileSource | { path: string },
    name?: string,
    options: ImportOptions = {},
  ) {
    const meta = { name: name ?? fileName.replace(/\.[^.]+$/, ''), fileName };
    const progress = progressFor(jobId);
    const wholeTable =
      'text' in source ||
      isWorkbook(fileName, 'bytes' in source ? source.bytes : readPrefix(fileName, source.path, 4).bytes) ||
      options.transactions !== undefined;
    if (wholeTable) {
      const bytesSource: FileSource = 'path' in source ? { bytes: readFileSync(source.path) } : source;
      const table = await jobs.run(jobId, { kind: 'parseCsv', fileName, source: bytesSource, options }, progress);
      progress('store', null, `Saving ${table.rowCount} customers`);
      return insertDataset(db, table, meta);
    }
    let readOptions = options;
    let retry: { notNumeric?: string[] } | undefined;
    // A second pass when a late row contradicts what the first rows said; a third cannot be needed.
    for (let pass = 0; pass < 3; pass++) {
      let staging: Staging | null = null;
      let finished = false;
      try {
        const result = await jobs.run(
          jobId,
          { kind: 'importStream', fileName, source, options: readOptions, retry },
          progress,
          (data) => {
            if (data.type === 'schema') staging = createStaging(db, data.columns);
            else staging?.insert(data);
          },
        );
        if (result.retry) {
          readOptions = { ...readOptions, encoding: result.retry.encoding ?? readOptions.encoding };
          retry = { notNumeric: result.retry.notNumeric };
          progress('parse', null, "Reading the file again: a later row changed a column's type");
          continue;
        }
        if (!staging) throw new AppError('NO_ROWS', `${fileName} has no customers.`);
        progress('store', null, `Saving ${result.table.rowCount} customers`);
        const dataset = finishStaging(db, staging, result.table, meta);
        finished = true;
        return dataset;
      } finally {
        if (!finished) dropStaging(db, staging);
      }
    }
    throw new AppError('IMPORT_FAILED', `${fileName} could not be read consistently; please report this file.`);
  }

  // Files the desktop shell opened for the user, by token: the renderer never names a path.
  const openedFiles = new Map<string, string>();
  /** Hand out a token for a file the user chose in the desktop shell (menu, "Open with", drop). */
  function registerOpenedFile(path: string): string {
    const token = randomBytes(16).toString('hex');
    openedFiles.set(token, path);
    return token;
  }
  function openedPath(token: string): string {
    const path = openedFiles.get(token);
    if (!path) {
      throw new AppError('FILE_NOT_OPEN', 'That file is no longer open in the app: open it again from the File menu.');
    }
    return path;
  }
  /** A call's file: its text or bytes, or (a file token) the file on disk. */
  const sourceOf = (args: { content?: string; contentBase64?: string; fileToken?: string }) =>
    args.fileToken !== undefined ? { path: openedPath(args.fileToken) } : fileSource(args);
  /** A call's file as text or bytes: an opened file is read (for a preview, only its first 4 MB). */
  const bytesOf = (args: { content?: string; contentBase64?: string; fileToken?: string }, prefix = Infinity) => {
    const source = sourceOf(args);
    if (!('path' in source)) return { source, totalBytes: undefined };
    const name = basename(source.path);
    const head = readPrefix(name, source.path, prefix);
    // A workbook (a zip) cannot be cut: it is read whole.
    const { bytes, totalBytes } =
      head.bytes.length < head.totalBytes && isWorkbook(name, head.bytes) ? readPrefix(name, source.path) : head;
    if (bytes.length === totalBytes) return { source: { bytes }, totalBytes: undefined };
    return { source: { bytes: cutAtLastLineBreak(bytes) ?? bytes }, totalBytes };
  };

  const handlers: Handlers = {
    appInfo: () => {
      const sample = getMeta(db, SAMPLE_KEY);
      return {
        version: options.version,
        mode: options.mode === 'desktop' ? 'desktop' : 'browser',
        sampleDatasetId: sample ? Number(sample) : null,
      };
    },
    listDatasets: () => listDatasets(db),
    getDataset: ({ datasetId }) => getDataset(db, datasetId),
    datasetSummary: ({ datasetId }) => datasetSummary(db, datasetId),
    importDataset: (args) => importFile(args.jobId, basename(args.fileName), sourceOf(args), args.name, args.options),
    chooseImportFile: async () => {
      if (!options.chooseFile) {
        throw new AppError('NOT_AVAILABLE', 'Choosing a file with the system dialog needs the desktop app.');
      }
      const path = await options.chooseFile();
      if (path === null) return null;
      return { fileName: basename(path), fileToken: registerOpenedFile(path), size: statSync(path).size };
    },
    previewImport: (args) => {
      // An opened file is previewed from its first 4 MB (whole records), as the wizard does in the browser.
      const { source, totalBytes } = bytesOf(args, PREVIEW_PREFIX_BYTES);
      return jobs.run(
        args.jobId,
        {
          kind: 'previewCsv',
          fileName: basename(args.fileName),
          source,
          options: args.options,
          totalBytes: args.totalBytes ?? totalBytes,
        },
        progressFor(args.jobId),
      );
    },
    fixColumn: ({ datasetId, column, fix }) =>
      fix === 'log1p'
        ? addLogColumn(db, datasetId, column)
        : setColumnExcluded(db, datasetId, column, fix === 'leave-out'),
    describeDataset: async ({ jobId, datasetId }) => {
      const names = storedColumns(db, datasetId)
        .filter((c) => c.kind === 'numeric' || c.kind === 'categorical')
        .map((c) => c.name);
      // A dataset's rows never change, so its summary is kept until its columns do (a fix adds one).
      const signature = JSON.stringify({ version: DESCRIBE_VERSION, columns: names });
      const cached = cachedDescription(db, datasetId, signature);
      if (cached) return cached;
      const raw =
        names.length > 0
          ? readFeatures(db, datasetId, names)
          : { rows: getDataset(db, datasetId, 0).rows, numeric: [], categorical: [] };
      const description = await jobs.run(jobId, { kind: 'describe', input: raw }, progressFor(jobId));
      saveDescription(db, datasetId, signature, description);
      return description;
    },
    sweepK: async ({ jobId, datasetId, features, scaling, logFeatures, kMin, kMax, nInit, seed }) => {
      const raw = readFeatures(db, datasetId, features);
      if (kMax > raw.rows) {
        throw new AppError('K_TOO_LARGE', `k = ${kMax} is more segments than there are customers (${raw.rows}).`);
      }
      const options = { scaling, logFeatures };
      const output = await jobs.run(
        jobId,
        { kind: 'sweep', input: { raw, options, kMin, kMax, nInit, seed } },
        progressFor(jobId),
      );
      return insertSweep(db, datasetId, { features, scaling, logFeatures, kMin, kMax, nInit, seed }, output);
    },
    latestSweep: ({ datasetId }) => latestSweep(db, datasetId),
    trainModel: async ({ jobId, datasetId, features, k, seed, nInit, name, scaling, logFeatures, sweepId }) => {
      if (sweepId !== undefined && getSweep(db, sweepId).datasetId !== datasetId) {
        throw new AppError('SWEEP_NOT_FOUND', `k sweep ${sweepId} was made on another dataset.`);
      }
      const raw = readFeatures(db, datasetId, features);
      if (k > raw.rows) {
        throw new AppError('K_TOO_LARGE', `k = ${k} is more segments than there are customers (${raw.rows}).`);
      }
      const output = await jobs.run(
        jobId,
        { kind: 'train', input: { raw, options: { scaling, logFeatures }, k, seed, nInit } },
        progressFor(jobId),
      );
      progressFor(jobId)('save', null, 'Saving the segments');
      const modelName = name ?? `${k} segments on ${features.length} features`;
      return insertModel(db, { datasetId, name: modelName, features, seed, nInit, sweepId, output });
    },
    listModels: ({ datasetId }) => listModels(db, datasetId),
    renameModel: ({ modelId, name }) => renameModel(db, modelId, name),
    deleteModel: ({ modelId }) => ({ deleted: deleteModel(db, modelId) }),
    updateSegment: ({ modelId, cluster, name, strategy, description, colour }) =>
      updateSegment(db, modelId, cluster, { name, strategy, description, colour }),
    segmentMap: async ({ jobId, modelId, maxPoints }) => {
      const model = getModel(db, modelId);
      const raw = readFeatures(db, model.datasetId, model.features);
      const map = await jobs.run(
        jobId,
        {
          kind: 'map',
          input: {
            raw,
            preprocessing: model.preprocessing,
            pca: model.pca,
            centroidsScaled: model.centroidsScaled,
            seed: model.seed,
            maxPoints,
          },
        },
        progressFor(jobId),
      );
      const idColumn = storedColumns(db, model.datasetId).find((c) => c.kind === 'identifier')?.name ?? null;
      const ids = idColumn ? readColumnValues(db, model.datasetId, idColumn, map.rows) : map.rows.map(() => null);
      return { ...map, ids, idColumn };
    },
    featureDistribution: async ({ jobId, modelId, feature }) => {
      const model = getModel(db, modelId);
      if (!model.hasCustomers) {
        throw new AppError('NO_CUSTOMERS', 'This model was imported from a file: it has no customers to plot.');
      }
      const raw = readFeatures(db, model.datasetId, [feature]);
      const column = raw.numeric[0];
      if (!column) throw new AppError('COLUMN_NOT_NUMERIC', `Column "${feature}" is not numeric: it has no box plot.`);
      const byRow = assignmentsByRow(db, modelId);
      const labels = new Int32Array(raw.rows);
      for (let i = 0; i < raw.rows; i++) labels[i] = byRow.get(i + 1) ?? -1;
      const segments = await jobs.run(
        jobId,
        { kind: 'distribution', input: { values: column.values, labels, k: model.k } },
        progressFor(jobId),
      );
      return { feature, segments };
    },
    compareMethods: async ({ jobId, modelId }) => {
      const model = getModel(db, modelId);
      const raw = readFeatures(db, model.datasetId, model.features);
      return jobs.run(
        jobId,
        {
          kind: 'compare',
          input: {
            raw,
            preprocessing: model.preprocessing,
            centroidsScaled: modelCentroidsScaled(db, modelId),
            seed: model.seed,
          },
        },
        progressFor(jobId),
      );
    },
    getModel: ({ modelId }) => getModel(db, modelId),
    exportSegmentsCsv: ({ modelId }) => {
      const lines = [...segmentsCsvLines(modelId)];
      const model = getModel(db, modelId);
      const dataset = listDatasets(db).find((d) => d.id === model.datasetId);
      const base = safeFileName(dataset?.name ?? 'customers');
      return { fileName: `${base} - ${model.k} segments.csv`, csv: lines.join('\r\n') + '\r\n' };
    },
    exportSegmentsXlsx: async ({ jobId, modelId }) => {
      const { fileName, bytes, rows } = await segmentsXlsx(jobId, modelId);
      return { fileName, xlsxBase64: Buffer.from(bytes).toString('base64'), rows };
    },
    assignFile: async ({ jobId, modelId, fileName, content, contentBase64, fileToken }) => {
      const model = getModel(db, modelId);
      const { table, assignment } = await jobs.run(
        jobId,
        {
          kind: 'assign',
          input: {
            fileName: basename(fileName),
            source: bytesOf({ content, contentBase64, fileToken }).source,
            preprocessing: model.preprocessing,
            centroidsScaled: modelCentroidsScaled(db, modelId),
          },
        },
        progressFor(jobId),
      );
      const names = model.segments.map((s) => s.name);
      const lines = [csvLine([...table.columns.map((c) => c.name), 'segment_id', 'segment', 'distance'])];
      const sizes = new Array<number>(model.k).fill(0);
      for (let r = 0; r < table.rowCount; r++) {
        const cluster = assignment.labels[r];
        sizes[cluster]++;
        const values = table.columns.map((c) => {
          const v = c.values[r];
          return typeof v === 'number' && Number.isNaN(v) ? null : v;
        });
        lines.push(csvLine([...values, cluster + 1, names[cluster], Number(assignment.distances[r].toFixed(6))]));
      }
      const base = basename(fileName).replace(/\.[^.]+$/, '');
      return { fileName: `${base} - segments.csv`, csv: lines.join('\r\n') + '\r\n', rows: table.rowCount, sizes };
    },
    exportModel: ({ modelId }) => {
      const model = getModel(db, modelId);
      const dataset = getDataset(db, model.datasetId, 0);
      const file = modelFile(model, dataset.name);
      const base = safeFileName(`${dataset.name} - ${model.k} segments`);
      return { fileName: `${base}.segmodel`, json: JSON.stringify(file, null, 2) };
    },
    importModel: ({ fileName, json }) => {
      let data: unknown;
      try {
        data = JSON.parse(json);
      } catch (error) {
        throw new AppError(
          'MODEL_FILE_INVALID',
          `${basename(fileName)} is not valid JSON: ${(error as Error).message}`,
        );
      }
      const parsed = modelFileSchema.safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
        throw new AppError('MODEL_FILE_INVALID', `${basename(fileName)}: ${issue.message}${where}.`);
      }
      return importModelFile(db, parsed.data);
    },
    getSweep: ({ sweepId }) => getSweep(db, sweepId),
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
    cancelJob: ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };

  /** The labelled customers as an .xlsx workbook (built in the worker): same columns as the CSV. */
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

  /** Validate raw arguments against the contract, run the handler, and wrap the outcome. */
  async function dispatch(name: string, rawArgs: unknown): Promise<Envelope<unknown>> {
    if (!(callNames as readonly string[]).includes(name)) {
      return { ok: false, error: { code: 'UNKNOWN_CALL', message: `There is no API call "${name}".` } };
    }
    const call = name as CallName;
    const parsed = contract[call].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: `${call}: ${issue.message}${where}` } };
    }
    try {
      const handler = handlers[call] as (args: unknown) => Promise<CallResult<CallName>> | CallResult<CallName>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorShape(storeError(error, db.name) ?? error) };
    }
  }

  /** Import the bundled sample once, into an empty store, so the app opens on something real. */
  async function ensureSampleDataset(samplePath: string): Promise<number | null> {
    const known = getMeta(db, SAMPLE_KEY);
    if (known) return Number(known);
    if (listDatasets(db).length > 0) return null;
    const dataset = await importFile(
      `sample-${Date.now()}`,
      basename(samplePath),
      { bytes: readFileSync(samplePath) },
      'Sample retail customers',
    );
    setMeta(db, SAMPLE_KEY, String(dataset.id));
    return dataset.id;
  }

  return {
    handlers,
    dispatch,
    segmentsCsvLines,
    segmentsXlsx,
    writeSegmentsXlsx,
    importFile,
    ensureSampleDataset,
    registerOpenedFile,
  };
}

export type AppService = ReturnType<typeof createAppService>;
