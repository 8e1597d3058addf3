import { z } from 'zod';
import { MEANING_IDS } from '../segments/meanings';
import type { CallName } from './names';
import type { MethodComparison } from '../ml/compare';
import { MAP_POINT_LIMIT, type SegmentMap } from '../segments/map';
import type { BoxStats } from '../segments/distribution';
import { importOptionsSchema } from '../import/options';
import { datasetSetupSchema } from '../setup';
import { SQL_DIALECTS } from '../segments/scoringSql';
import type { SegmentValue } from '../segments/value';
import type { Transitions } from '../segments/transitions';
import type { DatasetDescription } from '../import/describe';
import type { ImportPreview } from '../worker/messages';
import type {
  DatasetDetail,
  DatasetSummary,
  ModelListItem,
  ModelSummary,
  SegmentSummary,
  SweepSummary,
} from '../domain';
import { reportSectionsSchema, reportSettingsSchema, PAPER_SIZES, type ReportSettings } from '../report/settings';
import { MAX_IMPORT_CHARACTERS } from './limits';

/** A phantom marker carrying a result type (no runtime value is checked). */
const returns = <T>(): T => undefined as unknown as T;

const id = z.number().int().positive();
const jobId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'a job id is letters, digits, - and _');

const features = z
  .array(z.string().min(1).max(255))
  .min(1, 'choose at least one feature')
  .max(200)
  .refine((list) => new Set(list).size === list.length, 'a feature is listed twice');
const preprocessing = {
  scaling: z.enum(['standard', 'minmax', 'robust', 'none']).default('standard'),
  logFeatures: z.array(z.string().min(1).max(255)).max(200).default([]),
};
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .default(0);

export { MAX_IMPORT_CHARACTERS };

/** A file's contents: decoded text, or its raw bytes in base64 (decoded with encoding detection). */
const fileContent = {
  content: z.string().max(MAX_IMPORT_CHARACTERS, 'the file is larger than 256 MB').optional(),
  contentBase64: z
    .string()
    .max(Math.ceil((MAX_IMPORT_CHARACTERS * 4) / 3) + 4, 'the file is larger than 256 MB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'contentBase64 is not base64')
    .optional(),
  /**
   * A file the desktop shell opened for the user (its menu, "Open with", a drop): a token the main
   * process handed out, never a path. The file is then read, and imported, from disk by streaming.
   */
  fileToken: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'fileToken is not a file token')
    .optional(),
};
const oneSource = (a: { content?: string; contentBase64?: string; fileToken?: string }) =>
  [a.content, a.contentBase64, a.fileToken].filter((v) => v !== undefined).length === 1;

/** A file given inside a call's arguments (a call that takes two files). */
const fileArgument = z
  .object({ fileName: z.string().min(1).max(255), ...fileContent })
  .strict()
  .refine(oneSource, 'give the file as content, contentBase64 or fileToken');

/**
 * The whole API: each call's argument schema (validated in the main process on every call,
 * whatever the transport) and its result type. Transports and the renderer's client are derived
 * from this table, so a new call is one entry here plus its handler.
 */
export const contract = {
  appInfo: {
    args: z.object({}).strict(),
    result: returns<{ version: string; mode: 'desktop' | 'browser'; sampleDatasetId: number | null }>(),
  },
  listDatasets: { args: z.object({}).strict(), result: returns<DatasetSummary[]>() },
  getDataset: { args: z.object({ datasetId: id }).strict(), result: returns<DatasetDetail>() },
  /** One dataset's summary (no rows): name, file, columns, and what its import did with every record. */
  datasetSummary: { args: z.object({ datasetId: id }).strict(), result: returns<DatasetSummary>() },
  importDataset: {
    args: z
      .object({
        jobId,
        fileName: z.string().min(1).max(255),
        ...fileContent,
        name: z.string().min(1).max(120).optional(),
        /** How to read the file (the wizard's choices); what is left out is detected. */
        options: importOptionsSchema.optional(),
      })
      .strict()
      .refine(oneSource, 'give the file as content, contentBase64 or fileToken'),
    result: returns<DatasetSummary>(),
  },
  /**
   * Desktop only: the native "Open" dialog for a customer table; the chosen file comes back as a
   * token (never a path) to preview and import by, or null when the dialog was cancelled.
   */
  chooseImportFile: {
    args: z.object({}).strict(),
    result: returns<{ fileName: string; fileToken: string; size: number } | null>(),
  },
  previewImport: {
    args: z
      .object({
        jobId,
        fileName: z.string().min(1).max(255),
        ...fileContent,
        options: importOptionsSchema.optional(),
        /** The whole file's size when only its first part is given (a big file's preview). */
        totalBytes: z.number().int().positive().optional(),
      })
      .strict()
      .refine(oneSource, 'give the file as content, contentBase64 or fileToken'),
    result: returns<ImportPreview>(),
  },
  describeDataset: {
    args: z.object({ jobId, datasetId: id }).strict(),
    result: returns<DatasetDescription>(),
  },
  /** Remember what the user set up on a dataset (features, scaling, log columns, k range and k). */
  saveDatasetSetup: {
    args: z.object({ datasetId: id, setup: datasetSetupSchema }).strict(),
    result: returns<DatasetSummary>(),
  },
  /** The data summary's one-click fixes: leave a column out of segmentation (or back in), add log(1 + x). */
  fixColumn: {
    args: z
      .object({
        datasetId: id,
        column: z.string().min(1).max(255),
        /** as-category: whole-number codes read as categories (Region 1, 2, 3); as-number: back. */
        fix: z.enum(['leave-out', 'include', 'log1p', 'as-category', 'as-number']),
      })
      .strict(),
    result: returns<DatasetSummary>(),
  },
  /** What a column means to a marketer (or "none") and the friendly label it is called by. */
  setColumnMeaning: {
    args: z
      .object({
        datasetId: id,
        column: z.string().min(1).max(255),
        meaning: z.enum([...MEANING_IDS, 'none']),
        label: z.string().trim().min(1, 'a label cannot be blank').max(200),
      })
      .strict(),
    result: returns<DatasetSummary>(),
  },
  sweepK: {
    args: z
      .object({
        jobId,
        datasetId: id,
        features,
        ...preprocessing,
        kMin: z.number().int().min(2, 'the smallest k is 2').max(50).default(2),
        kMax: z.number().int().min(2).max(50, 'k must be at most 50').default(10),
        nInit: z.number().int().min(1).max(100).default(4),
        seed,
      })
      .strict()
      .refine((a) => a.kMax >= a.kMin, { message: 'the largest k must not be below the smallest', path: ['kMax'] }),
    result: returns<SweepSummary>(),
  },
  latestSweep: { args: z.object({ datasetId: id }).strict(), result: returns<SweepSummary | null>() },
  trainModel: {
    args: z
      .object({
        jobId,
        datasetId: id,
        features,
        k: z.number().int().min(2, 'k must be at least 2').max(50, 'k must be at most 50'),
        seed,
        nInit: z.number().int().min(1).max(100).default(10),
        name: z.string().min(1).max(120).optional(),
        ...preprocessing,
        sweepId: id.optional(),
      })
      .strict(),
    result: returns<ModelSummary>(),
  },
  listModels: { args: z.object({ datasetId: id.optional() }).strict(), result: returns<ModelListItem[]>() },
  getModel: { args: z.object({ modelId: id }).strict(), result: returns<ModelSummary>() },
  renameModel: {
    args: z.object({ modelId: id, name: z.string().trim().min(1, 'a model needs a name').max(120) }).strict(),
    result: returns<ModelListItem>(),
  },
  deleteModel: { args: z.object({ modelId: id }).strict(), result: returns<{ deleted: boolean }>() },
  updateSegment: {
    args: z
      .object({
        modelId: id,
        cluster: z.number().int().min(0).max(49),
        name: z.string().trim().min(1, 'a segment needs a name').max(80, 'keep names under 80 characters').optional(),
        strategy: z.string().max(20_000).optional(),
        description: z.string().max(20_000).optional(),
        colour: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')
          .optional(),
      })
      .strict(),
    result: returns<SegmentSummary>(),
  },
  segmentMap: {
    args: z
      .object({
        jobId,
        modelId: id,
        /** Most customers to draw (an even seeded sample above it); default 5,000. */
        maxPoints: z.number().int().min(100).max(MAP_POINT_LIMIT).optional(),
      })
      .strict(),
    result: returns<SegmentMap & { ids: (string | null)[]; idColumn: string | null }>(),
  },
  featureDistribution: {
    args: z.object({ jobId, modelId: id, feature: z.string().min(1).max(255) }).strict(),
    result: returns<{ feature: string; segments: BoxStats[] }>(),
  },
  compareMethods: { args: z.object({ jobId, modelId: id }).strict(), result: returns<MethodComparison>() },
  /**
   * Who is worth what: each segment's share of customers and of a value column (default: the one
   * the app recognises; null: none), its mean and median value, and every 0/1 outcome's rate.
   */
  segmentValue: {
    args: z.object({ jobId, modelId: id, column: z.string().min(1).max(255).nullable().optional() }).strict(),
    result: returns<SegmentValue>(),
  },
  /** The dataset's value column for the value table of its models and their reports (null: none). */
  setValueColumn: {
    args: z.object({ datasetId: id, column: z.string().min(1).max(255).nullable() }).strict(),
    result: returns<{ column: string | null }>(),
  },
  /**
   * The model's customers with their segment: the file's own values, then segment_id and segment;
   * `cleaned` adds the cleaned values ("Income (cleaned)") and the derived columns.
   */
  exportSegmentsCsv: {
    args: z.object({ modelId: id, cleaned: z.boolean().optional() }).strict(),
    result: returns<{ fileName: string; csv: string }>(),
  },
  exportSegmentsXlsx: {
    args: z.object({ jobId, modelId: id, cleaned: z.boolean().optional() }).strict(),
    result: returns<{ fileName: string; xlsxBase64: string; rows: number }>(),
  },
  assignFile: {
    args: z
      .object({
        jobId,
        modelId: id,
        fileName: z.string().min(1).max(255),
        ...fileContent,
        /** The result as CSV text (default), or as a Parquet file (parquetBase64). */
        format: z.enum(['csv', 'parquet']).optional(),
      })
      .strict()
      .refine(oneSource, 'give the file as content, contentBase64 or fileToken'),
    /** rows: customers written; sizes: per segment; leftOut: customers the recipe gave no segment (a blank it drops). */
    result: returns<{
      fileName: string;
      csv: string;
      rows: number;
      sizes: number[];
      leftOut: number;
      parquetBase64?: string;
    }>(),
  },
  /**
   * Segments over time: the model applied to an earlier and a later snapshot (raw files like its
   * training file), compared by customer id — transitions, segment sizes, drift (PSI) per feature.
   */
  transitions: {
    args: z
      .object({
        jobId,
        modelId: id,
        before: fileArgument,
        after: fileArgument,
        id: z.string().min(1).max(255).optional(),
      })
      .strict(),
    result: returns<Transitions>(),
  },
  /** The model's last comparison of two snapshots (kept for its report), or null. */
  latestTransitions: {
    args: z.object({ modelId: id }).strict(),
    result: returns<{ result: Transitions; before: string; after: string; createdAt: string } | null>(),
  },
  exportModel: {
    args: z.object({ modelId: id }).strict(),
    result: returns<{ fileName: string; json: string }>(),
  },
  /** The model as one SQL SELECT that scores a warehouse table as `assign` does (see shared/segments/scoringSql.ts). */
  modelSql: {
    args: z
      .object({
        modelId: id,
        dialect: z.enum(SQL_DIALECTS),
        table: z.string().min(1).max(300).optional(),
        id: z.string().min(1).max(255).optional(),
      })
      .strict(),
    result: returns<{ fileName: string; sql: string }>(),
  },
  importModel: {
    args: z
      .object({
        fileName: z.string().min(1).max(255),
        json: z.string().max(64 * 1024 * 1024, 'the model file is too large'),
      })
      .strict(),
    result: returns<ModelSummary>(),
  },
  getSweep: { args: z.object({ sweepId: id }).strict(), result: returns<SweepSummary>() },
  getReportSettings: { args: z.object({ modelId: id }).strict(), result: returns<ReportSettings>() },
  saveReportSettings: {
    args: z.object({ modelId: id, settings: reportSettingsSchema }).strict(),
    result: returns<ReportSettings>(),
  },
  exportReportPdf: {
    args: z
      .object({ modelId: id, paper: z.enum(PAPER_SIZES).optional(), sections: reportSectionsSchema.optional() })
      .strict(),
    result: returns<{ fileName: string; pdfBase64: string }>(),
  },
  /** An error the page caught (render failure, unhandled rejection): written to the log. */
  reportError: {
    args: z
      .object({ message: z.string().max(2000), stack: z.string().max(20_000).optional(), where: z.string().max(200) })
      .strict(),
    result: returns<{ logged: boolean }>(),
  },
  cancelJob: { args: z.object({ jobId }).strict(), result: returns<{ cancelled: boolean }>() },
} satisfies { [K in CallName]: { args: z.ZodType; result: unknown } };

export type Contract = typeof contract;
export type CallArgs<K extends CallName> = z.input<Contract[K]['args']>;
export type ParsedArgs<K extends CallName> = z.output<Contract[K]['args']>;
export type CallResult<K extends CallName> = Contract[K]['result'];

/** The API as the renderer sees it, whichever transport carries it. */
export type Api = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResult<K>> };

/** Server side: one plain function per call, given validated arguments. */
export type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => Promise<CallResult<K>> | CallResult<K> };
