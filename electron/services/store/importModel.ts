import type { ModelSummary } from '../../../shared/domain';
import type { ValidModelFile } from '../../../shared/segments/modelFile';
import type { TrainOutput } from '../../../shared/worker/messages';
import type { Db } from './db';
import { insertDataset } from './staging';
import { insertModel } from './models';

/**
 * Store a model from another copy of the app. It gets an empty dataset of its own, with the
 * model's feature columns, so it can be listed, opened, and used to assign files of customers.
 */
export function importModelFile(db: Db, file: ValidModelFile): ModelSummary {
  return db.transaction(() => {
    const categorical = new Set(file.preprocessing.categorical.map((c) => c.name));
    const dataset = insertDataset(
      db,
      {
        rowCount: 0,
        delimiter: ',',
        columns: file.features.map((name) =>
          categorical.has(name)
            ? { name, kind: 'categorical' as const, missing: 0, values: [] }
            : { name, kind: 'numeric' as const, missing: 0, values: new Float64Array(0) },
        ),
      },
      { name: `${file.dataset || file.name} (imported model)`, fileName: `${file.name}.json` },
    );
    const output: TrainOutput = {
      preprocessing: file.preprocessing,
      suggestions: file.segments.map((s) => ({
        name: s.name,
        strategyTitle: '',
        because: '',
        strategy: s.strategy,
        description: s.description,
      })),
      centroidsScaled: file.centroidsScaled,
      centroids: file.centroids,
      labels: new Int32Array(0),
      distances: new Float64Array(0),
      sizes: file.segments.map((s) => s.size),
      means: file.segments.map((s) => s.means),
      categoryShares: file.segments.map((s) => s.categoryShares),
      overallMeans: file.overallMeans,
      overallStd: file.overallStd,
      ranges: file.ranges,
      inertia: file.metrics.inertia,
      iterations: file.metrics.iterations,
      silhouette: file.metrics.silhouette,
      silhouetteSampled: 0,
      startsSampled: file.metrics.startsSampled,
      calinskiHarabasz: file.metrics.calinskiHarabasz,
      daviesBouldin: file.metrics.daviesBouldin,
      varianceExplained: file.metrics.varianceExplained,
      pca: file.pca,
    };
    return insertModel(db, {
      recipe: file.recipe,
      datasetId: dataset.id,
      name: file.name,
      features: file.features,
      seed: file.seed,
      nInit: file.nInit,
      output,
      customers: file.customers,
      colours: file.segments.map((s) => s.colour),
    });
  })();
}
