import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { PREVIEW_PREFIX_BYTES } from '../../../shared/api/limits';
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { FileSource } from '../../../shared/worker/messages';
import { buildRecipe } from '../../../shared/import/recipe';
import {
  createStaging,
  dropStaging,
  finishStaging,
  stagedByWorker,
  stagingName,
  type StagedColumn,
  type StagedTable,
  type Staging,
} from '../store/staging';
import { sqliteBinding } from '../store/sqlite';
import type { ServiceContext } from './context';

export type ImportFile = ReturnType<typeof createImporter>;

export function createImporter({ db, jobs, progressFor }: ServiceContext) {
  /**
   * Import a file as a new dataset: whatever it is (delimited text from a path, bytes or text; a
   * workbook; Parquet; a transaction log), the worker's one pipeline reads it and sends its rows
   * here batch by batch into a staging table, which becomes the dataset in one transaction — so the
   * dataset appears whole or not at all. A new schema from the worker means it is reading the file
   * again (a late row changed a column's type): what was staged is dropped.
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
    let staging: StagedTable | null = null;
    let finished = false;
    // A store in a file: the worker writes the staging table named here itself (see
    // electron/worker/storeWriter.ts); this process is told its columns and then its row count.
    const nativeBinding = sqliteBinding();
    // (A store opened read-only takes the path below, which refuses to write, as it should.) The
    // writer's connection keeps this one's page limit (`max_page_count`, a connection's own).
    const store =
      db.memory || db.readonly
        ? undefined
        : {
            dbPath: db.name,
            table: stagingName(),
            maxPageCount: db.pragma('max_page_count', { simple: true }) as number,
            ...(nativeBinding ? { nativeBinding } : {}),
          };
    let staged: StagedColumn[] | null = null;
    /** A store in memory: the staging table written here. */
    let here: Staging | null = null;
    try {
      const job = { kind: 'importStream' as const, fileName, source, options, ...(store ? { store } : {}) };
      const table = await jobs.run(jobId, job, progress, (data) => {
        if (store) {
          if (data.type === 'schema') staged = data.columns;
        } else if (data.type === 'schema') {
          dropStaging(db, staging);
          staging = here = createStaging(db, data.columns);
        } else here?.insert(data);
      });
      if (store && staged) staging = stagedByWorker(db, store.table, staged, table.stagedRows ?? 0, fileName);
      if (!staging) throw new AppError('NO_ROWS', `${fileName} has no customers.`);
      progress('store', null, `Saving ${table.rowCount} customers`);
      const dataset = finishStaging(db, staging, table, { ...meta, recipe: buildRecipe(fileName, options, table) });
      finished = true;
      return dataset;
    } finally {
      if (!finished) dropStaging(db, store ?? staging);
    }
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
          kind: 'preview',
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
