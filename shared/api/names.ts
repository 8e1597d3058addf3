import type { ErrorCode } from '../errorCodes';
/**
 * The names of every API call. Kept free of zod so the sandboxed preload can build its bridge
 * from it without bundling the schemas; `contract.ts` checks it lists exactly these names.
 */
export const callNames = [
  'appInfo',
  'listDatasets',
  'getDataset',
  'datasetSummary',
  'importDataset',
  'previewImport',
  'chooseImportFile',
  'describeDataset',
  'fixColumn',
  'setColumnMeaning',
  'saveDatasetSetup',
  'sweepK',
  'latestSweep',
  'trainModel',
  'listModels',
  'getModel',
  'renameModel',
  'deleteModel',
  'compareMethods',
  'segmentValue',
  'setValueColumn',
  'segmentMap',
  'featureDistribution',
  'updateSegment',
  'exportSegmentsCsv',
  'exportSegmentsXlsx',
  'assignFile',
  'transitions',
  'latestTransitions',
  'exportModel',
  'modelSql',
  'importModel',
  'getSweep',
  'getReportSettings',
  'saveReportSettings',
  'exportReportPdf',
  'reportError',
  'cancelJob',
] as const;

export type CallName = (typeof callNames)[number];

/** IPC channel of a call: derived, never written by hand elsewhere. */
export const ipcChannel = (name: CallName): string => `segment-studio:${name}`;
export const IPC_EVENT_CHANNEL = 'segment-studio:event';

/** What every transport carries back: a value, or an error as data (never a stack trace). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** What the preload exposes as `window.segmentStudio`: typed per call, no generic invoke. */
export interface DesktopBridge {
  calls: { [K in CallName]: (args: unknown) => Promise<Envelope<unknown>> };
  onEvent(listener: (event: import('../domain').AppEvent) => void): () => void;
}

/** Browser mode's HTTP transport: the header that carries the per-launch token, and its two paths. */
export const TOKEN_HEADER = 'x-segment-studio-token';
export const API_CALL_PATH = '/api/call/';
export const EVENTS_PATH = '/api/events';
