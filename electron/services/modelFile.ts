import type { ModelSummary } from '../../shared/domain';

export const MODEL_FILE_FORMAT = 'segment-studio-model';
export const MODEL_FILE_VERSION = 1;

/**
 * A model as a self-contained, versioned JSON document: everything needed to assign customers
 * (preprocessing, centroids) and to explain them (names, strategies, metrics).
 */
export function modelFile(model: ModelSummary, centroidsScaled: number[][], datasetName: string) {
  return {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    exportedAt: new Date().toISOString(),
    dataset: datasetName,
    name: model.name,
    k: model.k,
    features: model.features,
    seed: model.seed,
    nInit: model.nInit,
    customers: model.customers,
    preprocessing: model.preprocessing,
    centroidsScaled,
    centroids: model.centroids,
    metrics: {
      inertia: model.inertia,
      silhouette: model.silhouette,
      calinskiHarabasz: model.calinskiHarabasz,
      daviesBouldin: model.daviesBouldin,
      varianceExplained: model.varianceExplained,
    },
    segments: model.segments.map(({ cluster, name, strategy, colour, size, share, means }) => ({
      cluster,
      name,
      strategy,
      colour,
      size,
      share,
      means,
    })),
  };
}
