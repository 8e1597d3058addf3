import { z } from 'zod';
import type { ModelSummary } from '../domain';
import { recipeSchema } from '../import/recipe';

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
    /** Every step from the raw file to the features (assign replays it on a raw file). */
    recipe: model.recipe,
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
      customers: model.customers,
      startsSampled: model.startsSampled,
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
    recipe: recipeSchema.nullable().default(null),
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
      // Files from before these were written: not known (0).
      customers: z.number().int().min(0).default(0),
      startsSampled: z.number().int().min(0).default(0),
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
    // Every part must describe the same features: a file whose parts disagree would assign wrongly.
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path });
    const { numeric, categorical } = file.preprocessing;
    const described = [...numeric.map((n) => n.name), ...categorical.map((c) => c.name)];
    const features = new Set(file.features);
    if (features.size !== file.features.length) issue(['features'], 'a feature is listed twice');
    if (described.length !== features.size || described.some((name) => !features.has(name))) {
      issue(
        ['features'],
        `the features (${file.features.join(', ')}) are not the columns the preprocessing describes (${described.join(', ')})`,
      );
    }
    const expectedWidth = numeric.length + categorical.reduce((sum, c) => sum + c.levels.length, 0);
    if (width !== expectedWidth) {
      issue(['preprocessing', 'columns'], `there must be ${expectedWidth} encoded columns, not ${width}`);
    }
    const n = numeric.length;
    if (file.centroids.length !== file.k || file.centroids.some((c) => c.length !== n)) {
      issue(['centroids'], `centroids must be ${file.k} × ${n} (one value per numeric feature)`);
    }
    (['overallMeans', 'overallStd', 'ranges'] as const).forEach((field) => {
      if (file[field].length !== n) issue([field], `${field} must have ${n} values (one per numeric feature)`);
    });
    const clusters = file.segments.map((s) => s.cluster).sort((a, b) => a - b);
    if (clusters.some((c, i) => c !== i)) {
      issue(['segments'], `the segments must be clusters 0 to ${file.k - 1}, each once`);
    }
    file.segments.forEach((segment, i) => {
      if (segment.means.length !== n) issue(['segments', i, 'means'], `must have ${n} values`);
      if (
        segment.categoryShares.length > 0 &&
        (segment.categoryShares.length !== categorical.length ||
          segment.categoryShares.some((shares, f) => shares.length !== categorical[f].levels.length))
      ) {
        issue(['segments', i, 'categoryShares'], 'must have one share per level of each categorical feature');
      }
    });
    if (file.pca.mean.length !== width || file.pca.components.some((c) => c.length !== width)) {
      issue(['pca'], `the map's components and mean must have ${width} values each`);
    }
    if (file.segments.reduce((sum, s) => sum + s.size, 0) !== file.customers) {
      issue(['segments'], `the segment sizes must add up to the ${file.customers} customers`);
    }
  });

export type ValidModelFile = z.output<typeof modelFileSchema>;
