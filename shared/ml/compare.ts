import { selectRows, type Matrix } from './matrix';
import { sampleIndices, seededRandom } from './random';
import { assignToCentres } from './kmeans';
import { silhouette } from './metrics';
import { sameSegmentShare } from './agreement';
import { wardLabels } from './ward';
import { dbscan, NOISE, suggestEps } from './dbscan';

export const COMPARISON_SAMPLE = 5000;

export interface MethodResult {
  method: 'K-Means' | 'Ward' | 'DBSCAN';
  clusters: number;
  /** Mean silhouette on the sample (DBSCAN: on the rows it does not call noise); null if undefined. */
  silhouette: number | null;
  sizes: number[];
}

export interface MethodComparison {
  sampled: number;
  rows: number;
  kmeans: MethodResult;
  ward: MethodResult & { agreement: number };
  dbscan: MethodResult & { eps: number; minSamples: number; noiseShare: number; agreement: number | null };
  summary: string;
}

const sizesOf = (labels: Int32Array) => {
  const sizes = new Map<number, number>();
  for (const l of labels) if (l !== NOISE) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  return [...sizes.values()].sort((a, b) => b - a);
};

const percent = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Is K-Means the right tool? On a seeded sample of up to 5,000 customers: the model's K-Means
 * segments, Ward's agglomerative clustering at the same k, and DBSCAN with eps from the
 * k-distance curve, each with its silhouette and sizes, and how far they agree with K-Means.
 */
export function compareMethods(x: Matrix, centroids: Float64Array, k: number, seed: number): MethodComparison {
  const rows = sampleIndices(seededRandom(seed + 2024), x.rows, COMPARISON_SAMPLE);
  const sample = selectRows(x, rows);
  const kmeansLabels = new Int32Array(sample.rows);
  assignToCentres(sample, centroids, k, kmeansLabels);
  const ward = wardLabels(sample, k);
  const minSamples = Math.min(20, Math.max(4, 2 * x.cols));
  const eps = suggestEps(sample, minSamples);
  const density = dbscan(sample, eps, minSamples);
  const clustered = Array.from(density.keys()).filter((i) => density[i] !== NOISE);
  const densityClusters = new Set(clustered.map((i) => density[i])).size;
  const sil = (labels: Int32Array) => silhouette(sample, labels, { limit: COMPARISON_SAMPLE }).value;
  const densitySilhouette =
    densityClusters >= 2
      ? silhouette(
          selectRows(sample, clustered),
          Int32Array.from(clustered, (i) => density[i]),
          {
            limit: COMPARISON_SAMPLE,
          },
        ).value
      : null;
  const densityAgreement =
    clustered.length > 0
      ? sameSegmentShare(
          Int32Array.from(clustered, (i) => kmeansLabels[i]),
          Int32Array.from(clustered, (i) => density[i]),
        )
      : null;
  const kmeansResult: MethodResult = {
    method: 'K-Means',
    clusters: k,
    silhouette: sil(kmeansLabels),
    sizes: sizesOf(kmeansLabels),
  };
  const wardResult = {
    method: 'Ward' as const,
    clusters: k,
    silhouette: sil(ward),
    sizes: sizesOf(ward),
    agreement: sameSegmentShare(kmeansLabels, ward),
  };
  const noiseShare = 1 - clustered.length / sample.rows;
  const dbscanResult = {
    method: 'DBSCAN' as const,
    clusters: densityClusters,
    silhouette: densitySilhouette,
    sizes: sizesOf(density),
    eps,
    minSamples,
    noiseShare,
    agreement: densityAgreement,
  };
  const parts = [`K-Means and Ward agree on ${percent(wardResult.agreement)} of customers`];
  parts.push(
    densityClusters <= 1
      ? `DBSCAN finds no separate dense groups (${percent(noiseShare)} noise), so the segments are a partition of one continuous population rather than natural clusters`
      : `DBSCAN finds ${densityClusters} dense groups and leaves ${percent(noiseShare)} as noise`,
  );
  const better = wardResult.silhouette > (kmeansResult.silhouette ?? 0) + 0.05;
  parts.push(
    better
      ? `Ward separates this sample noticeably better (silhouette ${wardResult.silhouette.toFixed(2)} vs ${(kmeansResult.silhouette ?? 0).toFixed(2)}): K-Means' round segments may not fit the data's shape`
      : 'K-Means separates the customers at least as well as Ward, so it is a sound choice here',
  );
  return {
    sampled: sample.rows,
    rows: x.rows,
    kmeans: kmeansResult,
    ward: wardResult,
    dbscan: dbscanResult,
    summary: `${parts.join('; ')}.`,
  };
}
