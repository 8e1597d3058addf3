/** Domain types shared by the main process, the worker, the CLI and the renderer. */
import type { Preprocessing, Scaling } from './ml/preprocess';
import type { Recommendation } from './ml/recommend';
import type { SweepPoint } from './ml/sweep';
import type { Recipe } from './import/recipe';
import type { DatasetSetup } from './setup';

export type ColumnKind = 'numeric' | 'categorical' | 'identifier' | 'text' | 'date';

export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  /** Blank or missing cells. */
  missing: number;
  /** Why the column got its kind, in words (e.g. "row 118: \"n/a\" is not a number"). */
  note?: string;
  /** Left out of segmentation (a fix from the data summary): not offered as a feature. */
  excluded?: boolean;
}

/** Why a record of the file is not a stored row. */
export type SkipReason = 'blank' | 'wrong-field-count' | 'blank-dropped' | 'no-customer' | 'cancelled' | 'filtered';

export interface ImportSkip {
  reason: SkipReason;
  /** In words, with what to do when it was not the user's choice. */
  message: string;
  count: number;
  /** The first few of them, as the file numbers its rows (the header is row 1); may be empty. */
  rows: number[];
}

/**
 * Every record of an imported file accounted for: `records` = stored rows (or, for a transaction
 * log, the lines made into customers) + every skip. The import refuses to finish when it does not add up.
 */
export interface ImportAccount {
  /** Records in the file after the header, blank ones included (for a workbook: rows of the sheet). */
  records: number;
  /** Rows stored in the dataset. */
  stored: number;
  skipped: ImportSkip[];
  /** A transaction log: the lines read into customers, and the customers they made (before cleaning). */
  transactions?: { lines: number; customers: number };
  /** How the file was read, when it matters (quotes read literally, an encoding guessed). */
  notes: string[];
}

export interface DatasetSummary {
  id: number;
  name: string;
  fileName: string;
  rows: number;
  columns: ColumnSummary[];
  createdAt: string;
  /** What the import did with every record (null for datasets imported before it was kept). */
  import: ImportAccount | null;
  /** Every step from the raw file to the stored columns (null for datasets imported before recipes were kept). */
  recipe: Recipe | null;
  /** What the user last set up on it (features, scaling, log columns, k range and k), or null. */
  setup: DatasetSetup | null;
}

export type CellValue = string | number | null;

export interface DatasetDetail extends DatasetSummary {
  /** The first rows as stored, one array per row in column order. */
  preview: CellValue[][];
}

export interface SegmentSummary {
  cluster: number;
  name: string;
  strategy: string;
  /** A few plain sentences on who these customers are (suggested from the traits, editable). */
  description: string;
  colour: string;
  size: number;
  /** size / customers in the model, 0–1. */
  share: number;
  /** Mean of each numeric feature (original units) over the segment's customers, in `numericFeatures` order. */
  means: number[];
  /** Share of each level of each categorical feature: [feature][level], as in preprocessing.categorical. */
  categoryShares: number[][];
}

export interface ImputationNote {
  feature: string;
  /** Customers whose blank value was replaced. */
  count: number;
  value: number;
}

export interface ModelListItem {
  id: number;
  datasetId: number;
  name: string;
  k: number;
  features: string[];
  silhouette: number;
  createdAt: string;
}

export interface ModelSummary extends ModelListItem {
  /** The numeric features, in the order of centroids, means and overallMeans. */
  numericFeatures: string[];
  categoricalFeatures: string[];
  preprocessing: Preprocessing;
  /** Every step from the raw file to the features, as when the model was trained (null: not known). */
  recipe: Recipe | null;
  sweepId: number | null;
  /** False for a model imported from a file: it has no customers of its own here. */
  hasCustomers: boolean;
  seed: number;
  nInit: number;
  customers: number;
  inertia: number;
  silhouetteSampled: number;
  /**
   * Rows K-Means' starts ran on: every customer, or above 2,000,000 a seeded sample, Lloyd then run
   * from the best start on every customer.
   */
  startsSampled: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** Between-segment sum of squares / total sum of squares: "proportion of variance explained". */
  varianceExplained: number;
  iterations: number;
  /** Numeric part of the centroids in original units, k × numericFeatures. */
  centroids: number[][];
  overallMeans: number[];
  overallStd: number[];
  /** Smallest and largest value of each numeric feature (for sliders), original units. */
  ranges: { min: number; max: number }[];
  /** Centroids in model space (scaled and encoded), for assigning customers. */
  centroidsScaled: number[][];
  imputed: ImputationNote[];
  pca: { explainedVarianceRatio: number[]; components: number[][]; mean: number[] };
  segments: SegmentSummary[];
}

export interface SweepSummary {
  id: number;
  datasetId: number;
  features: string[];
  scaling: Scaling;
  logFeatures: string[];
  kMin: number;
  kMax: number;
  nInit: number;
  seed: number;
  rows: number;
  /** Rows the silhouette was computed on: all up to 10,000, a seeded sample above. */
  silhouetteSampled: number;
  points: SweepPoint[];
  recommendation: Recommendation;
  createdAt: string;
}

/** A long task's progress, sent as an event while a call is running. */
export interface ProgressEvent {
  type: 'progress';
  jobId: string;
  stage: string;
  /** 0–1, or null when the amount of work is not known. */
  fraction: number | null;
  message: string;
}

/** A desktop menu command the renderer carries out (File › Export…, Help › Guide). */
export interface CommandEvent {
  type: 'command';
  command: 'export' | 'guide';
}

/** A file the user opened through the desktop shell (menu, recent files, "Open with", the Dock). */
export interface OpenFileEvent {
  type: 'open-file';
  fileName: string;
  /** A model file's contents. */
  contentBase64?: string;
  /** A customer table: the token to preview and import it by (the main process reads the file). */
  fileToken?: string;
  /** The file's size in bytes. */
  size?: number;
}

export type AppEvent = ProgressEvent | CommandEvent | OpenFileEvent;

/** An error that crosses a boundary: a stable code and a message a person can act on. */
export type { AppErrorShape } from './errors';

/** Colours for segments: distinguishable, readable on white, colour-blind friendly (Okabe–Ito + Tableau). */
export const SEGMENT_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#8C6D31',
  '#7F7F7F',
  '#F0E442',
  '#000000',
] as const;
