import type { AppEvent } from '../../../shared/domain';
import type { PaperSize, ReportOverrides } from '../../../shared/report/settings';
import type { Db } from '../store/db';
import type { JobRunner } from '../workerHost';
import type { OpenedFiles } from './files';

export interface AppServiceOptions {
  db: Db;
  jobs: JobRunner;
  mode: 'desktop' | 'browser' | 'cli';
  version: string;
  emit?: (event: AppEvent) => void;
  /** Where the service writes what happened (electron-log in the desktop app; stderr elsewhere). */
  log?: (level: 'info' | 'error', message: string) => void;
  /**
   * Prints a model's report page to PDF: Electron's printToPDF in the desktop app, Chromium
   * (playwright-core) in browser mode and the CLI. Absent, exportReportPdf says so.
   */
  printReport?: (modelId: number, overrides: ReportOverrides & { paper: PaperSize }) => Promise<Uint8Array>;
  /** The desktop shell's "Open" dialog for a customer table: the chosen path, or null if cancelled. */
  chooseFile?: () => Promise<string | null>;
}

export type Progress = (stage: string, fraction: number | null, message: string) => void;

/** What every family of handlers works with: the store, the worker, progress, the log, opened files. */
export interface ServiceContext {
  db: Db;
  jobs: JobRunner;
  options: AppServiceOptions;
  /** Progress events of one job, as the renderer and the CLI receive them. */
  progressFor: (jobId: string) => Progress;
  writeLog: (level: 'info' | 'error', message: string) => void;
  files: OpenedFiles;
}

/** A file name made of a person's words: letters, digits, spaces, - and _ only. */
export const safeFileName = (text: string): string => text.replace(/[^\p{L}\p{N}_ -]+/gu, '_').slice(0, 120);
