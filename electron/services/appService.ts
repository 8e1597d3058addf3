import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { contract, type CallResult, type Handlers } from '../../shared/api/contract';
import { callNames, type CallName, type Envelope } from '../../shared/api/names';
import { toErrorShape } from '../../shared/errors';
import { getMeta, setMeta, storeError } from './store/database';
import { listDatasets } from './store/datasets';
import type { AppServiceOptions, ServiceContext } from './handlers/context';
import { datasetHandlers } from './handlers/datasets';
import { createExports } from './handlers/exports';
import { createOpenedFiles } from './handlers/files';
import { createImporter, importHandlers } from './handlers/imports';
import { modelHandlers } from './handlers/models';
import { reportHandlers } from './handlers/reports';

export type { AppServiceOptions } from './handlers/context';
export { safeFileName } from './handlers/context';
export { fileSource } from './handlers/files';

const SAMPLE_KEY = 'sample_dataset_id';

/**
 * Every API call as a plain function over the store and the worker: no Electron here, so the
 * desktop shell, browser mode and the CLI share it. The handlers live in modules by family
 * (./handlers/); this joins them, checks them against the contract, and holds dispatch.
 */
export function createAppService(options: AppServiceOptions) {
  const { db, jobs } = options;
  const emit = options.emit ?? (() => {});
  const context: ServiceContext = {
    db,
    jobs,
    options,
    progressFor: (jobId) => (stage, fraction, message) => emit({ type: 'progress', jobId, stage, fraction, message }),
    writeLog: options.log ?? ((level, message) => (level === 'error' ? console.error(message) : undefined)),
    files: createOpenedFiles(),
  };
  const importFile = createImporter(context);
  const exports = createExports(context);

  const handlers: Handlers = {
    appInfo: () => {
      const sample = getMeta(db, SAMPLE_KEY);
      return {
        version: options.version,
        mode: options.mode === 'desktop' ? 'desktop' : 'browser',
        sampleDatasetId: sample ? Number(sample) : null,
      };
    },
    cancelJob: ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    ...datasetHandlers(context),
    ...importHandlers(context, importFile),
    ...modelHandlers(context),
    ...exports.handlers,
    ...reportHandlers(context),
  };

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
    exportLabelled: exports.exportLabelled,
    assignToFile: exports.assign,
    importFile,
    ensureSampleDataset,
    registerOpenedFile: context.files.register,
  };
}

export type AppService = ReturnType<typeof createAppService>;
