import { z } from 'zod';
import type { ModelSummary } from '../domain';

export const MODEL_FILE_FORMAT = 'segment-studio-model';
export const MODEL_FILE_VERSION = 1;

/**
 * A model as a self-contained, versioned JSON document: everything needed to assign customers
 * (preprocessing, centroids) and to explain them (names, strategies, profiles, metrics).
 */
export function modelFile(model: ModelSummary, datasetName: string) {
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
    centroidsScaled: model.centroidsScaled,
    centroids: model.centroids,
    overallMeans: model.overallMeans,
    overallStd: model.overallStd,
    ranges: model.ranges,
    pca: model.pca,
    metrics: {
      inertia: model.inertia,
      silhouette: model.silhouette,
      calinskiHarabasz: model.calinskiHarabasz,
      daviesBouldin: model.daviesBouldin,
      varianceExplained: model.varianceExplained,
      iterations: model.iterations,
    },
    segments: model.segments.map(
      ({ cluster, name, strategy, description, colour, size, share, means, categoryShares }) => ({
        cluster,
        name,
        strategy,
        description,
        colour,
        size,
        share,
        means,
        categoryShares,
      }),
    ),
  };
}

export type ModelFile = ReturnType<typeof modelFile>;

const finite = z.number().finite();
const vector = z.array(finite);

/** What an imported model file must hold; files from other versions or tools are refused clearly. */
export const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FILE_FORMAT, { message: 'this is not a Segment Studio model file' }),
    version: z.literal(MODEL_FILE_VERSION, {
      message: `only model files of version ${MODEL_FILE_VERSION} can be read`,
    }),
    name: z.string().min(1).max(120),
    dataset: z.string().max(255).default(''),
    k: z.number().int().min(2).max(50),
    features: z.array(z.string().min(1)).min(1),
    seed: z.number().int().min(0).default(0),
    nInit: z.number().int().min(1).default(10),
    customers: z.number().int().min(0),
    preprocessing: z.object({
      scaling: z.enum(['standard', 'minmax', 'robust', 'none']),
      numeric: z.array(
        z.object({
          name: z.string(),
          log: z.boolean(),
          impute: finite,
          blanks: z.number().int().min(0),
          center: finite,
          scale: finite.refine((v) => v !== 0, 'a scale of 0'),
        }),
      ),
      categorical: z.array(z.object({ name: z.string(), levels: z.array(z.string()).min(1), weight: finite })),
      columns: z.array(z.string()),
    }),
    centroidsScaled: z.array(vector),
    centroids: z.array(vector),
    overallMeans: vector,
    overallStd: vector,
    ranges: z.array(z.object({ min: finite, max: finite })),
    pca: z.object({ explainedVarianceRatio: vector, components: z.array(vector), mean: vector }),
    metrics: z.object({
      inertia: finite,
      silhouette: finite,
      calinskiHarabasz: finite,
      daviesBouldin: finite,
      varianceExplained: finite,
      iterations: z.number().int().min(0).default(0),
    }),
    segments: z.array(
      z.object({
        cluster: z.number().int().min(0),
        name: z.string().min(1).max(80),
        strategy: z.string().max(20_000),
        description: z.string().max(20_000).default(''),
        colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
        size: z.number().int().min(0),
        means: vector,
        categoryShares: z.array(vector).default([]),
      }),
    ),
  })
  .superRefine((file, ctx) => {
    const width = file.preprocessing.columns.length;
    if (file.centroidsScaled.length !== file.k || file.centroidsScaled.some((c) => c.length !== width)) {
      ctx.addIssue({
        code: 'custom',
        message: `centroidsScaled must be ${file.k} × ${width}`,
        path: ['centroidsScaled'],
      });
    }
    if (file.segments.length !== file.k) {
      ctx.addIssue({ code: 'custom', message: `there must be ${file.k} segments`, path: ['segments'] });
    }
  });

export type ValidModelFile = z.output<typeof modelFileSchema>;
