import type { AppErrorShape, ColumnKind, ImputationNote } from '../domain';

/** One column of a parsed file: numbers (NaN where blank) for numeric columns, text otherwise. */
export interface ParsedColumn {
  name: string;
  kind: ColumnKind;
  missing: number;
  note?: string;
  values: Float64Array | (string | null)[];
}

export interface ParsedTable {
  rowCount: number;
  delimiter: string;
  columns: ParsedColumn[];
}

export interface TrainInput {
  features: string[];
  /** rows × features, NaN where a value is blank. */
  data: Float64Array;
  rows: number;
  k: number;
  seed: number;
  nInit: number;
}

export interface TrainOutput {
  imputed: ImputationNote[];
  scaler: { mean: number[]; scale: number[] };
  /** Centroids in scaled units, k × features. */
  centroidsScaled: number[][];
  /** Centroids in original units, k × features. */
  centroids: number[][];
  /** Segment of each row, largest segment first (0 = largest). */
  labels: Int32Array;
  /** Euclidean distance (scaled units) of each row to its segment's centroid. */
  distances: Float64Array;
  sizes: number[];
  /** Mean of each feature per segment, original units (after imputation). */
  means: number[][];
  overallMeans: number[];
  inertia: number;
  iterations: number;
  silhouette: number;
  silhouetteSampled: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  varianceExplained: number;
  pca: { explainedVarianceRatio: number[]; components: number[][] };
}

export type WorkerJob = { kind: 'parseCsv'; fileName: string; content: string } | { kind: 'train'; input: TrainInput };

export interface WorkerJobResults {
  parseCsv: ParsedTable;
  train: TrainOutput;
}

/** Main → worker. `cancel` asks the job to stop; the host also kills the process if it must. */
export type WorkerRequest = { type: 'start'; jobId: string; job: WorkerJob } | { type: 'cancel'; jobId: string };

/** Worker → main: any number of progress messages, then exactly one result or error. */
export type WorkerReply =
  | { type: 'progress'; jobId: string; stage: string; fraction: number | null; message: string }
  | { type: 'result'; jobId: string; result: WorkerJobResults[keyof WorkerJobResults] }
  | { type: 'error'; jobId: string; error: AppErrorShape };
