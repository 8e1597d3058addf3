import { basename } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { modelFile, modelFileSchema } from '../../../shared/segments/modelFile';
import { scoringSql } from '../../../shared/segments/scoringSql';
import { sqliteBinding } from '../store/sqlite';
import { getDataset, setValueColumn, storedColumns } from '../store/datasets';
import { featureColumns, readColumnValues, readFeatures } from '../store/datasetRows';
import type { Db } from '../store/db';
import type { RawFeatures } from '../../../shared/ml/preprocess';
import type { FromStore, TrainInput } from '../../../shared/worker/messages';
import { importModelFile } from '../store/importModel';
import {
  assignmentsByRow,
  deleteModel,
  getModel,
  insertModel,
  listModels,
  modelCentroidsScaled,
  renameModel,
  updateSegment,
} from '../store/models';
import { getSweep, insertSweep, latestSweep } from '../store/sweeps';
import { safeFileName, type ServiceContext } from './context';

/**
 * The features of a sweep or a training, checked here (errors name the column): read by the worker
 * from the store file (the main process never holds them), or sent with the job for a store kept
 * in memory.
 */
function featureSource(
  db: Db,
  datasetId: number,
  features: string[],
): { rows: number; source: { raw: RawFeatures } | { store: FromStore<TrainInput>['store'] } } {
  if (db.memory) {
    const raw = readFeatures(db, datasetId, features);
    return { rows: raw.rows, source: { raw } };
  }
  const { row } = featureColumns(db, datasetId, features);
  const nativeBinding = sqliteBinding();
  return {
    rows: row.row_count,
    source: {
      store: { dbPath: db.name, datasetId, features, rows: row.row_count, ...(nativeBinding ? { nativeBinding } : {}) },
    },
  };
}

/** Models: choosing k, training, segments, maps, box plots, method comparison, model files. */
export function modelHandlers({
  db,
  jobs,
  progressFor,
}: ServiceContext): Pick<
  Handlers,
  | 'sweepK'
  | 'latestSweep'
  | 'trainModel'
  | 'listModels'
  | 'renameModel'
  | 'deleteModel'
  | 'updateSegment'
  | 'segmentMap'
  | 'featureDistribution'
  | 'compareMethods'
  | 'segmentValue'
  | 'setValueColumn'
  | 'getModel'
  | 'getSweep'
  | 'exportModel'
  | 'modelSql'
  | 'importModel'
> {
  return {
    sweepK: async ({ jobId, datasetId, features, scaling, logFeatures, kMin, kMax, nInit, seed }) => {
      const { rows, source } = featureSource(db, datasetId, features);
      if (kMax > rows) {
        throw new AppError('K_TOO_LARGE', `k = ${kMax} is more segments than there are customers (${rows}).`);
      }
      const options = { scaling, logFeatures };
      const output = await jobs.run(
        jobId,
        { kind: 'sweep', input: { ...source, options, kMin, kMax, nInit, seed } },
        progressFor(jobId),
      );
      return insertSweep(db, datasetId, { features, scaling, logFeatures, kMin, kMax, nInit, seed }, output);
    },
    latestSweep: ({ datasetId }) => latestSweep(db, datasetId),
    trainModel: async ({ jobId, datasetId, features, k, seed, nInit, name, scaling, logFeatures, sweepId }) => {
      if (sweepId !== undefined && getSweep(db, sweepId).datasetId !== datasetId) {
        throw new AppError('SWEEP_NOT_FOUND', `k sweep ${sweepId} was made on another dataset.`);
      }
      const { rows, source } = featureSource(db, datasetId, features);
      if (k > rows) {
        throw new AppError('K_TOO_LARGE', `k = ${k} is more segments than there are customers (${rows}).`);
      }
      const output = await jobs.run(
        jobId,
        {
          kind: 'train',
          input: {
            ...source,
            options: { scaling, logFeatures },
            k,
            seed,
            nInit,
            meanings: getDataset(db, datasetId).recipe,
          },
        },
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
    segmentValue: ({ jobId, modelId, column }) => {
      const model = getModel(db, modelId);
      if (!model.hasCustomers) {
        throw new AppError('NOT_AVAILABLE', 'This model was imported from a file: it has no customers here to value.');
      }
      if (db.memory) throw new AppError('NOT_AVAILABLE', 'The value table needs a store kept in a file.');
      return jobs.run(
        jobId,
        { kind: 'segmentValue', input: { dbPath: db.name, nativeBinding: sqliteBinding(), modelId, column } },
        progressFor(jobId),
      );
    },
    setValueColumn: ({ datasetId, column }) => {
      setValueColumn(db, datasetId, column);
      return { column };
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
    getSweep: ({ sweepId }) => getSweep(db, sweepId),
    modelSql: ({ modelId, dialect, table, id }) => {
      const model = getModel(db, modelId);
      const dataset = getDataset(db, model.datasetId, 0);
      const sql = scoringSql(model, { dialect, table, id });
      return { fileName: `${safeFileName(`${dataset.name} - ${model.k} segments - ${dialect}`)}.sql`, sql };
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
  };
}
