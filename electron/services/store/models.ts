import { AppError } from '../../../shared/errors';
import { SEGMENT_COLOURS, type ModelListItem, type ModelSummary, type SegmentSummary } from '../../../shared/domain';
import type { TrainOutput } from '../../../shared/worker/messages';
import type { Preprocessing } from '../../../shared/ml/preprocess';
import { manyRowsInsert, type Db } from './db';
import { parseRecipe, type Recipe } from '../../../shared/import/recipe';
import { datasetRecipe } from './datasets';

/** Customers' segments written a statement at a time (4 values each, within SQLite's 32,766 parameters). */
const ASSIGNMENT_CHUNK = 500;

interface ModelRow {
  id: number;
  dataset_id: number;
  name: string;
  k: number;
  seed: number;
  n_init: number;
  features: string;
  customers: number;
  inertia: number;
  silhouette: number;
  silhouette_sampled: number;
  starts_sampled: number | null;
  calinski_harabasz: number;
  davies_bouldin: number;
  variance_explained: number;
  iterations: number;
  preprocessing: string;
  centroids: string;
  pca: string;
  created_at: string;
  sweep_id: number | null;
  recipe: string | null;
}

interface SegmentRow {
  cluster: number;
  name: string;
  strategy: string;
  description: string;
  colour: string;
  size: number;
  profile: string;
}

interface StoredPreprocessing {
  preprocessing: Preprocessing;
  overallMeans: number[];
  overallStd: number[];
  ranges?: { min: number; max: number }[];
}

interface StoredProfile {
  means: number[];
  categoryShares: number[][];
}

interface StoredCentroids {
  scaled: number[][];
  original: number[][];
}

export interface NewModel {
  datasetId: number;
  name: string;
  features: string[];
  seed: number;
  nInit: number;
  sweepId?: number | null;
  output: TrainOutput;
  /** For an imported model: its customer count and colours (a trained model counts its labels). */
  customers?: number;
  colours?: string[];
  descriptions?: string[];
  /** The recipe the model's features were made by (default: its dataset's, as it is now). */
  recipe?: Recipe | null;
}

/** Store a trained model with its segments and every customer's assignment, in one transaction. */
export function insertModel(db: Db, model: NewModel): ModelSummary {
  const { output } = model;
  const k = output.sizes.length;
  const customers = model.customers ?? output.labels.length;
  // A copy: a log column added to the dataset later must not change what this model replays.
  const recipe = model.recipe !== undefined ? model.recipe : datasetRecipe(db, model.datasetId);
  const id = db.transaction(() => {
    const preprocessing: StoredPreprocessing = {
      preprocessing: output.preprocessing,
      overallMeans: output.overallMeans,
      overallStd: output.overallStd,
      ranges: output.ranges,
    };
    const centroids: StoredCentroids = { scaled: output.centroidsScaled, original: output.centroids };
    const info = db
      .prepare(
        `INSERT INTO models (dataset_id, name, k, seed, n_init, features, customers, inertia, silhouette,
           silhouette_sampled, starts_sampled, calinski_harabasz, davies_bouldin, variance_explained, iterations,
           preprocessing, centroids, pca, created_at, sweep_id, recipe)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        model.datasetId,
        model.name,
        k,
        model.seed,
        model.nInit,
        JSON.stringify(model.features),
        customers,
        output.inertia,
        output.silhouette,
        output.silhouetteSampled,
        output.startsSampled,
        output.calinskiHarabasz,
        output.daviesBouldin,
        output.varianceExplained,
        output.iterations,
        JSON.stringify(preprocessing),
        JSON.stringify(centroids),
        JSON.stringify(output.pca),
        new Date().toISOString(),
        model.sweepId ?? null,
        recipe ? JSON.stringify(recipe) : null,
      );
    const modelId = Number(info.lastInsertRowid);
    const insertSegment = db.prepare(
      'INSERT INTO segments (model_id, cluster, name, strategy, description, colour, size, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (let c = 0; c < k; c++) {
      insertSegment.run(
        modelId,
        c,
        output.suggestions[c]?.name ?? `Segment ${c + 1}`,
        output.suggestions[c]?.strategy ?? '',
        model.descriptions?.[c] ?? output.suggestions[c]?.description ?? '',
        model.colours?.[c] ?? SEGMENT_COLOURS[c % SEGMENT_COLOURS.length],
        output.sizes[c],
        JSON.stringify({ means: output.means[c], categoryShares: output.categoryShares[c] } satisfies StoredProfile),
      );
    }
    // The model's id written into the statement, the rest bound (about a tenth faster than binding it too).
    const insertRows = manyRowsInsert(
      db,
      'assignments (model_id, row_id, cluster, distance)',
      3,
      ASSIGNMENT_CHUNK,
      modelId,
    );
    const params = new Array<number>(ASSIGNMENT_CHUNK * 3);
    for (let start = 0; start < output.labels.length; start += ASSIGNMENT_CHUNK) {
      const end = Math.min(start + ASSIGNMENT_CHUNK, output.labels.length);
      const values = end - start === ASSIGNMENT_CHUNK ? params : new Array<number>((end - start) * 3);
      let p = 0;
      for (let i = start; i < end; i++) {
        values[p++] = i + 1;
        values[p++] = output.labels[i];
        values[p++] = output.distances[i];
      }
      insertRows(values, end - start);
    }
    return modelId;
  })();
  return getModel(db, id);
}

function modelRow(db: Db, modelId: number): ModelRow {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(modelId) as ModelRow | undefined;
  if (!row) throw new AppError('MODEL_NOT_FOUND', `There is no model ${modelId}.`);
  return row;
}

function toListItem(row: ModelRow): ModelListItem {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    k: row.k,
    features: JSON.parse(row.features) as string[],
    silhouette: row.silhouette,
    createdAt: row.created_at,
  };
}

export function listModels(db: Db, datasetId?: number): ModelListItem[] {
  const rows = (
    datasetId === undefined
      ? db.prepare('SELECT * FROM models ORDER BY id').all()
      : db.prepare('SELECT * FROM models WHERE dataset_id = ? ORDER BY id').all(datasetId)
  ) as ModelRow[];
  return rows.map(toListItem);
}

export function getModel(db: Db, modelId: number): ModelSummary {
  const row = modelRow(db, modelId);
  const stored = JSON.parse(row.preprocessing) as StoredPreprocessing;
  const { preprocessing } = stored;
  const centroids = JSON.parse(row.centroids) as StoredCentroids;
  const segments = (
    db
      .prepare(
        'SELECT cluster, name, strategy, description, colour, size, profile FROM segments WHERE model_id = ? ORDER BY cluster',
      )
      .all(modelId) as SegmentRow[]
  ).map((s): SegmentSummary => {
    const profile = JSON.parse(s.profile) as StoredProfile;
    return {
      cluster: s.cluster,
      name: s.name,
      strategy: s.strategy,
      description: s.description,
      colour: s.colour,
      size: s.size,
      share: row.customers > 0 ? s.size / row.customers : 0,
      means: profile.means,
      categoryShares: profile.categoryShares,
    };
  });
  return {
    ...toListItem(row),
    numericFeatures: preprocessing.numeric.map((step) => step.name),
    categoricalFeatures: preprocessing.categorical.map((step) => step.name),
    preprocessing,
    recipe: row.recipe ? parseRecipe(JSON.parse(row.recipe), `The recipe of model ${modelId}`) : null,
    sweepId: row.sweep_id,
    hasCustomers: db.prepare('SELECT 1 FROM assignments WHERE model_id = ? LIMIT 1').get(modelId) !== undefined,
    seed: row.seed,
    nInit: row.n_init,
    customers: row.customers,
    inertia: row.inertia,
    silhouetteSampled: row.silhouette_sampled,
    startsSampled: row.starts_sampled ?? row.customers,
    calinskiHarabasz: row.calinski_harabasz,
    daviesBouldin: row.davies_bouldin,
    varianceExplained: row.variance_explained,
    iterations: row.iterations,
    centroids: centroids.original,
    overallMeans: stored.overallMeans,
    overallStd: stored.overallStd,
    ranges:
      stored.ranges ??
      stored.overallMeans.map((mean, j) => ({
        min: mean - 3 * stored.overallStd[j],
        max: mean + 3 * stored.overallStd[j],
      })),
    centroidsScaled: centroids.scaled,
    imputed: preprocessing.numeric
      .filter((step) => step.blanks > 0)
      .map((step) => ({ feature: step.name, count: step.blanks, value: step.impute })),
    pca: JSON.parse(row.pca) as ModelSummary['pca'],
    segments,
  };
}

/** Each customer's segment, keyed by row id. */
export function assignmentsByRow(db: Db, modelId: number): Map<number, number> {
  modelRow(db, modelId);
  const rows = db.prepare('SELECT row_id, cluster FROM assignments WHERE model_id = ?').raw().all(modelId) as [
    number,
    number,
  ][];
  return new Map(rows);
}

/** The model's centroids in model space (scaled and encoded), for assigning and comparing. */
export function modelCentroidsScaled(db: Db, modelId: number): number[][] {
  return (JSON.parse(modelRow(db, modelId).centroids) as StoredCentroids).scaled;
}

/** Rename a segment, or change its strategy or colour; returns the segment as stored. */
export function updateSegment(
  db: Db,
  modelId: number,
  cluster: number,
  changes: { name?: string; strategy?: string; description?: string; colour?: string },
): SegmentSummary {
  const model = getModel(db, modelId);
  const segment = model.segments.find((s) => s.cluster === cluster);
  if (!segment) {
    throw new AppError(
      'SEGMENT_NOT_FOUND',
      `Model ${modelId} has no segment ${cluster} (its segments are 0 to ${model.k - 1}).`,
    );
  }
  db.prepare(
    `UPDATE segments SET name = coalesce(?, name), strategy = coalesce(?, strategy),
       description = coalesce(?, description), colour = coalesce(?, colour) WHERE model_id = ? AND cluster = ?`,
  ).run(
    changes.name ?? null,
    changes.strategy ?? null,
    changes.description ?? null,
    changes.colour ?? null,
    modelId,
    cluster,
  );
  return getModel(db, modelId).segments[cluster];
}

export function renameModel(db: Db, modelId: number, name: string): ModelListItem {
  modelRow(db, modelId);
  db.prepare('UPDATE models SET name = ? WHERE id = ?').run(name, modelId);
  return toListItem(modelRow(db, modelId));
}

/** Delete a model with its segments and assignments (foreign keys cascade); the dataset stays. */
export function deleteModel(db: Db, modelId: number): boolean {
  modelRow(db, modelId);
  return db.prepare('DELETE FROM models WHERE id = ?').run(modelId).changes === 1;
}
