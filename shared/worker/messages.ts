import type { MeaningSource } from '../segments/meanings';
import type { AppErrorShape, ColumnKind } from '../domain';
import type { Preprocessing, PreprocessOptions, RawFeatures } from '../ml/preprocess';
import type { SweepOutput } from '../ml/sweep';
import type { Recommendation } from '../ml/recommend';
import type { MethodComparison } from '../ml/compare';
import type { Suggestion } from '../segments/naming';
import type { SegmentMap } from '../segments/map';
import type { BoxStats } from '../segments/distribution';
import type { ImportOptions } from '../import/options';
import type { TextEncodingName } from '../import/encodings';
import type { DatasetDescription } from '../import/describe';
import type { Recipe } from '../import/recipe';
import type { AssignedFile } from '../segments/assign';
import type { SegmentValue } from '../segments/value';
import type { Transitions } from '../segments/transitions';
import type { CellValue, ColumnSummary, ImportAccount } from '../domain';

export type { ParsedColumn, ParsedTable } from '../import/table';
import type { ParsedTable } from '../import/table';

export interface TrainInput {
  raw: RawFeatures;
  options: PreprocessOptions;
  k: number;
  seed: number;
  nInit: number;
  /** The columns' meanings and friendly labels (the dataset's recipe), for the suggested names and strategies. */
  meanings?: MeaningSource | null;
  /** Where the starts run on a sample (default `STARTS_SAMPLE`; tests set it lower). */
  startsSample?: { above: number; rows: number } | null;
}

export interface TrainOutput {
  preprocessing: Preprocessing;
  /** Centroids in model space (scaled and encoded), k × preprocessing.columns. */
  centroidsScaled: number[][];
  /** Numeric part of each centroid in original units, k × numeric features. */
  centroids: number[][];
  /** Segment of each row, largest segment first (0 = largest). */
  labels: Int32Array;
  /** Euclidean distance (model space) of each row to its segment's centroid. */
  distances: Float64Array;
  sizes: number[];
  /** Mean of each numeric feature per segment, original units (after filling blanks). */
  means: number[][];
  /** Share of each level of each categorical feature per segment: [segment][feature][level]. */
  categoryShares: number[][][];
  overallMeans: number[];
  /** Standard deviation of each numeric feature over all customers, original units. */
  overallStd: number[];
  /** Smallest and largest value of each numeric feature, original units. */
  ranges: { min: number; max: number }[];
  inertia: number;
  iterations: number;
  silhouette: number;
  silhouetteSampled: number;
  /** Rows K-Means' starts ran on: every customer, or a seeded sample above 2,000,000. */
  startsSampled: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  varianceExplained: number;
  pca: { explainedVarianceRatio: number[]; components: number[][]; mean: number[] };
  /** Suggested name and strategy per segment, from the playbook. */
  suggestions: Suggestion[];
}

/**
 * A job's input with its feature columns read by the worker from the store file, not sent: the main
 * process then never holds them (8 bytes a value: 800 MB for 10M customers × 10 columns) nor copies
 * them to the worker.
 */
export type FromStore<T extends { raw: RawFeatures }> = Omit<T, 'raw'> & {
  /** `rows`: the dataset's row count as recorded (so the worker can prepare before reading). */
  store: { dbPath: string; nativeBinding?: string; datasetId: number; features: string[]; rows?: number };
};

export interface SweepInput {
  raw: RawFeatures;
  options: PreprocessOptions;
  kMin: number;
  kMax: number;
  nInit: number;
  seed: number;
}

export interface SweepJobOutput extends SweepOutput {
  recommendation: Recommendation;
  columns: string[];
}

export type WorkerJob =
  /** The wizard's preview (a big text file: its first part). */
  | { kind: 'preview'; fileName: string; source: FileSource; options?: ImportOptions; totalBytes?: number }
  /**
   * A file through the import pipeline (electron/worker/import/pipeline.ts), its rows sent to the
   * main process's staging table as `data` messages; a new `schema` message means "start over".
   */
  | {
      kind: 'importStream';
      fileName: string;
      source: StreamSource | FileSource;
      options: ImportOptions;
      /**
       * A store kept in a file: the worker writes the rows into its staging table `table` itself
       * (a thread of its own inserting while the file is read); else they are sent as data.
       */
      store?: { dbPath: string; nativeBinding?: string; table: string; maxPageCount?: number };
    }
  | { kind: 'train'; input: TrainInput | FromStore<TrainInput> }
  | { kind: 'sweep'; input: SweepInput | FromStore<SweepInput> }
  | { kind: 'compare'; input: CompareInput }
  | { kind: 'assign'; input: AssignInput }
  | { kind: 'map'; input: MapInput }
  | { kind: 'distribution'; input: { values: Float64Array; labels: Int32Array; k: number } }
  | { kind: 'describe'; input: RawFeatures }
  | { kind: 'exportLabelled'; input: LabelledExportInput }
  | { kind: 'transitions'; input: TransitionsInput }
  | {
      kind: 'segmentValue';
      input: { dbPath: string; nativeBinding?: string; modelId: number; column?: string | null };
    };

export interface WorkerJobResults {
  preview: ImportPreview;
  /** `stagedRows`: the rows the worker wrote into the store's staging table (with `store`). */
  importStream: StreamedTable & { stagedRows?: number };
  train: TrainOutput;
  sweep: SweepJobOutput;
  compare: MethodComparison;
  /** The assigned customers as CSV (the file's columns, then segment_id, segment, distance). */
  assign: AssignedFile & { parquet?: Uint8Array };
  map: SegmentMap;
  distribution: BoxStats[];
  describe: DatasetDescription;
  /** With an outPath, only the counts (the file was written); else the CSV text or the workbook's bytes. */
  exportLabelled: { rows: number; header: string[]; csv?: string; bytes?: Uint8Array };
  segmentValue: SegmentValue;
  transitions: Transitions;
}

/** Two snapshots to score with a model and compare by customer id. */
export interface TransitionsInput {
  /** A path is read by the worker from disk (a file the user opened). */
  before: { fileName: string; source: StreamSource | FileSource };
  after: { fileName: string; source: StreamSource | FileSource };
  /** The customer id column (default: the recipe's, or the files' identifier column). */
  id?: string;
  preprocessing: Preprocessing;
  centroidsScaled: number[][];
  recipe: Recipe | null;
  segmentNames: string[];
}

/** The labelled customers of a model, written by the worker from the store (opened read-only). */
export interface LabelledExportInput {
  dbPath: string;
  /** The better-sqlite3 build to load (the desktop app's Electron build), if not Node's own. */
  nativeBinding?: string;
  modelId: number;
  format: 'csv' | 'xlsx' | 'parquet';
  /** Add "X (cleaned)" and the derived columns after the file's own values. */
  cleaned?: boolean;
  outPath?: string;
}

export interface MapInput {
  raw: RawFeatures;
  preprocessing: Preprocessing;
  pca: { mean: number[]; components: number[][]; explainedVarianceRatio: number[] };
  centroidsScaled: number[][];
  seed: number;
  /** Most customers to draw (default MAP_POINT_LIMIT). */
  maxPoints?: number;
}

/** A file's contents: text already decoded, or its bytes (decoded in the worker). */
export type FileSource = { text: string } | { bytes: Uint8Array };

/** A file the streaming import reads: bytes already in memory, or a path it reads in chunks. */
export type StreamSource = { bytes: Uint8Array } | { path: string };

/**
 * What the import pipeline sends to the store as it reads: the columns, then batches of rows. A
 * second `schema` starts over (a late row changed a column's type: what was sent is dropped).
 */
export type ImportStreamData =
  | {
      type: 'schema';
      /** The stored columns, then (`original`) the file values of the columns cleaning changed, named as them. */
      columns: { name: string; numeric: boolean; original?: boolean }[];
    }
  | { type: 'batch'; rows: number; columns: (Float64Array | (string | null)[])[] };

/** A streamed table as stored: everything but the values (they went out in batches). */
export interface StreamedTable extends Omit<ParsedTable, 'columns'> {
  columns: { name: string; kind: ColumnKind; missing: number; note?: string }[];
  /** The file's row number of the first record (after the header). */
  firstRecordRow?: number;
}

/** The streaming import's end: the table, or a second pass with corrected decisions. */
export type ImportStreamResult =
  | { table: StreamedTable; retry?: undefined }
  | {
      table?: undefined;
      retry: { encoding?: TextEncodingName; notNumeric: string[] };
    };

export interface AssignInput {
  fileName: string;
  /** A path is read by the worker from disk (a file the user opened). */
  source: StreamSource | FileSource;
  preprocessing: Preprocessing;
  centroidsScaled: number[][];
  /** The segments' names, cluster by cluster, for the CSV written in the worker. */
  segmentNames: string[];
  /** The model's recipe: replayed on the raw file with its learned values (null: the file has the features). */
  recipe: Recipe | null;
  /** The result as CSV text (default) or a Parquet file's bytes. */
  format?: 'csv' | 'parquet';
  /**
   * Written to this file by the worker instead of handed back (the command line's --out): the CSV
   * a megabyte at a time, with no limit on its length. The result then holds no text or bytes.
   */
  outPath?: string;
}

export interface CompareInput {
  raw: RawFeatures;
  preprocessing: Preprocessing;
  /** The model's centroids in model space, k × preprocessing.columns. */
  centroidsScaled: number[][];
  seed: number;
}

/** Main → worker. `cancel` asks the job to stop; the host also kills the process if it must. */
export type WorkerRequest = { type: 'start'; jobId: string; job: WorkerJob } | { type: 'cancel'; jobId: string };

/** Worker → main: any number of progress messages, then exactly one result or error. */
export type WorkerReply =
  | { type: 'progress'; jobId: string; stage: string; fraction: number | null; message: string }
  | { type: 'result'; jobId: string; result: WorkerJobResults[keyof WorkerJobResults] }
  | { type: 'data'; jobId: string; data: ImportStreamData }
  | { type: 'error'; jobId: string; error: AppErrorShape };

/** What the import wizard shows: how the file was read, each column's kind and why, the first rows. */
export interface ImportPreview {
  fileName: string;
  rowCount: number;
  delimiter: string;
  delimiterChar: string;
  encoding: string | null;
  decimal: '.' | ',';
  header: boolean;
  /** Rows dropped by cleaning. */
  dropped: number;
  /** What the import would do with every record read (for a preview of a big file's start: of that start). */
  account: ImportAccount | null;
  /** Rows left out for a wrong number of fields ("skip" chosen). */
  skipped: number;
  /** Read from the first part of a big file: counts are estimates from it. */
  estimated: { readBytes: number; totalBytes: number } | null;
  /** An Excel workbook's sheets and the one shown, or null for a text file. */
  sheets: string[] | null;
  sheet: string | null;
  columns: (ColumnSummary & {
    duplicates: number;
    ignored: boolean;
    /** Added by a derive template. */
    derived: boolean;
    /** Blanks before cleaning, values beyond the IQR fences, categories under 1% (before cleaning). */
    blanksBefore: number;
    outliers: number;
    /** Why capping is not offered for this column (a flag, a collapsed middle half). */
    noCap?: string;
    /** Few whole numbers with no "count" in the name: a code or a number? (one click makes it a category) */
    code?: string;
    rare: number;
  })[];
  /** The first rows as read (numbers as numbers), in column order, ignored columns included. */
  rows: CellValue[][];
}
