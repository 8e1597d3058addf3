import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { PREVIEW_PREFIX_BYTES } from '../../../shared/api/limits';
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { FileSource } from '../../../shared/worker/messages';
import { isWorkbook } from '../import/decode';
import { isParquet } from '../import/parquet';
import { insertDataset } from '../store/datasets';
import { buildRecipe } from '../../../shared/import/recipe';
import { createStaging, dropStaging, finishStaging, type Staging } from '../store/staging';
import type { ServiceContext } from './context';
import { readPrefix } from './files';

export type ImportFile = ReturnType<typeof createImporter>;

export function createImporter({ db, jobs, progressFor }: ServiceContext) {
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
    const head =
      'path' in source
        ? readPrefix(fileName, source.path, 4).bytes
        : 'bytes' in source
          ? source.bytes
          : new Uint8Array();
    // Workbooks and Parquet files are read whole (their structure is not a stream of lines).
    const workbook = isWorkbook(fileName, head) || isParquet(head);
    // A transaction log in a text file streams through the worker, whatever its size.
    if (options.transactions && !workbook) {
      const streamSource = 'text' in source ? { bytes: new TextEncoder().encode(source.text) } : source;
      const table = await jobs.run(jobId, { kind: 'importLog', fileName, source: streamSource, options }, progress);
      progress('store', null, `Saving ${table.rowCount} customers`);
      return insertDataset(db, table, { ...meta, recipe: buildRecipe(fileName, options, table) });
    }
    const wholeTable = 'text' in source || workbook || options.transactions !== undefined;
    if (wholeTable) {
      const bytesSource: FileSource = 'path' in source ? { bytes: readFileSync(source.path) } : source;
      const table = await jobs.run(jobId, { kind: 'parseCsv', fileName, source: bytesSource, options }, progress);
      progress('store', null, `Saving ${table.rowCount} customers`);
      return insertDataset(db, table, { ...meta, recipe: buildRecipe(fileName, options, table) });
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
        const recipe = buildRecipe(fileName, options, result.table);
        const dataset = finishStaging(db, staging, result.table, { ...meta, recipe });
        finished = true;
        return dataset;
      } finally {
        if (!finished) dropStaging(db, staging);
      }
    }
    throw new AppError('IMPORT_FAILED', `${fileName} could not be read consistently; please report this file.`);
  }

  return importFile;
}

/** Importing: the wizard's preview, the import itself, and the desktop's Open dialog. */
export function importHandlers(
  { jobs, options, progressFor, files }: ServiceContext,
  importFile: ImportFile,
): Pick<Handlers, 'importDataset' | 'chooseImportFile' | 'previewImport'> {
  return {
    importDataset: (args) =>
      importFile(args.jobId, basename(args.fileName), files.sourceOf(args), args.name, args.options),
    chooseImportFile: async () => {
      if (!options.chooseFile) {
        throw new AppError('NOT_AVAILABLE', 'Choosing a file with the system dialog needs the desktop app.');
      }
      const path = await options.chooseFile();
      if (path === null) return null;
      return { fileName: basename(path), fileToken: files.register(path), size: statSync(path).size };
    },
    previewImport: (args) => {
      // An opened file is previewed from its first 4 MB (whole records), as the wizard does in the browser.
      const { source, totalBytes } = files.bytesOf(args, PREVIEW_PREFIX_BYTES);
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
  };
}
