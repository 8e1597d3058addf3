import { applyPreprocessing, type Preprocessing, type RawFeatures } from '../ml/preprocess';
import { assignToCentres } from '../ml/kmeans';
import { sampleIndices, seededRandom } from '../ml/random';
import { selectRows } from '../ml/matrix';
import { silhouetteSamples } from '../ml/metrics';

/** Points drawn on the segment map at most (WebGL); above it, an even seeded sample (and the map says so). */
export const MAP_POINT_LIMIT = 50_000;
/** Customers in the silhouette plot at most: every pair of them is measured. */
export const SILHOUETTE_PLOT_LIMIT = 5000;

export interface SegmentMap {
  /** Row index (0-based, import order), first and second principal component, segment. */
  rows: number[];
  x: number[];
  y: number[];
  clusters: number[];
  /**
   * Silhouettes of the mapped customers, or of an evenly spread subset of at most 5,000 of them
   * (computed among themselves); `silhouetteClusters` gives each one's segment.
   */
  silhouettes: number[];
  silhouetteClusters: number[];
  /** Each numeric feature's value (original units, NaN for a blank) for every mapped customer, for hover. */
  values: { name: string; values: number[] }[];
  /** Third principal component of each mapped customer, for the 3-D map; null with fewer than 3 features. */
  z: number[] | null;
  explainedVarianceRatio: [number, number];
  /** Share of the variance along the third component, or null. */
  thirdVarianceRatio: number | null;
  total: number;
}

/**
 * The customers on the model's first two principal components (the PCA fitted at training), each
 * coloured by its segment; a seeded sample of at most `limit` customers beyond that.
 */
export function segmentMap(
  raw: RawFeatures,
  prep: Preprocessing,
  pca: { mean: number[]; components: number[][]; explainedVarianceRatio: number[] },
  centroidsScaled: number[][],
  seed: number,
  limit = MAP_POINT_LIMIT,
): SegmentMap {
  const x = applyPreprocessing(raw, prep);
  const k = centroidsScaled.length;
  const labels = new Int32Array(x.rows);
  assignToCentres(x, Float64Array.from(centroidsScaled.flat()), k, labels);
  const rows = x.rows > limit ? Array.from(sampleIndices(seededRandom(seed + 99), x.rows, limit)) : [...labels.keys()];
  const [pc1, pc2, pc3] = pca.components;
  const project = (i: number, axis: number[] | undefined) => {
    if (!axis) return 0;
    let s = 0;
    for (let f = 0; f < x.cols; f++) s += (x.data[i * x.cols + f] - pca.mean[f]) * axis[f];
    return s;
  };
  const step = Math.max(1, rows.length / SILHOUETTE_PLOT_LIMIT);
  const measured =
    rows.length <= SILHOUETTE_PLOT_LIMIT
      ? rows
      : Array.from({ length: SILHOUETTE_PLOT_LIMIT }, (_, i) => rows[Math.floor(i * step)]);
  const silhouettes = Array.from(
    silhouetteSamples(
      selectRows(x, measured),
      Int32Array.from(measured, (i) => labels[i]),
    ),
  );
  return {
    rows,
    silhouettes,
    silhouetteClusters: measured.map((i) => labels[i]),
    values: raw.numeric.map((column) => ({ name: column.name, values: rows.map((i) => column.values[i]) })),
    x: rows.map((i) => project(i, pc1)),
    y: rows.map((i) => project(i, pc2)),
    z: pc3 ? rows.map((i) => project(i, pc3)) : null,
    clusters: rows.map((i) => labels[i]),
    explainedVarianceRatio: [pca.explainedVarianceRatio[0] ?? 0, pca.explainedVarianceRatio[1] ?? 0],
    thirdVarianceRatio: pc3 ? (pca.explainedVarianceRatio[2] ?? 0) : null,
    total: x.rows,
  };
}

/** One customer (already preprocessed: a row in model space) on the model's principal components. */
export function projectPoint(
  row: ArrayLike<number>,
  pca: { mean: number[]; components: number[][] },
  count = 3,
): number[] {
  return pca.components.slice(0, count).map((axis) => {
    let s = 0;
    for (let f = 0; f < axis.length; f++) s += (row[f] - pca.mean[f]) * axis[f];
    return s;
  });
}
