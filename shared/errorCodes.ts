/**
 * Every error code a call can answer with: a stable part of the API (scripts and the CLI's users
 * test them), so one list, and `AppError` takes nothing else. Add codes; never rename one.
 */
export const ERROR_CODES = [
  // Arguments and transport
  'INVALID_ARGUMENTS',
  'USAGE',
  'UNKNOWN_CALL',
  'BAD_REQUEST',
  'TOO_LARGE',
  'FORBIDDEN',
  'INTERNAL',
  'NOT_AVAILABLE',
  // Files
  'FILE_NOT_FOUND',
  'FILE_NOT_OPEN',
  'FILE_TOO_LARGE',
  'FILE_EMPTY',
  'BINARY_FILE',
  'ENCODING_INVALID',
  'ENCODING_UNCERTAIN',
  'CSV_MALFORMED',
  'CSV_ONE_COLUMN',
  'CSV_RAGGED',
  'TOO_MANY_COLUMNS',
  'HEADER_ROW_BLANK',
  'XLSX_UNREADABLE',
  'XLSX_EMPTY',
  'SHEET_NOT_FOUND',
  'FILE_NOT_WRITTEN',
  // Values and columns
  'NO_ROWS',
  'NO_COLUMNS',
  'NO_CUSTOMERS',
  'NOT_A_NUMBER',
  'NOT_A_DATE',
  'NUMBER_OVERFLOW',
  'ROWS_UNACCOUNTED',
  'COLUMN_EMPTY',
  'COLUMN_NOT_NUMERIC',
  'COLUMN_NOT_DATE',
  'UNKNOWN_COLUMN',
  'MISSING_COLUMN',
  'MISSING_COLUMNS',
  'DUPLICATE_COLUMN',
  'DUPLICATE_FEATURE',
  'BAD_CONSTANT',
  'BAD_DERIVE',
  'LOG_OF_NEGATIVE',
  'CANNOT_CAP',
  'COLUMN_NOT_CODE',
  'IMPORT_FAILED',
  'BAD_RECIPE',
  'RECIPE_MISMATCH',
  // Models and training
  'INVALID_K',
  'INVALID_K_RANGE',
  'K_TOO_LARGE',
  'DATASET_NOT_FOUND',
  'MODEL_NOT_FOUND',
  'SEGMENT_NOT_FOUND',
  'SWEEP_NOT_FOUND',
  'MODEL_FILE_INVALID',
  // Jobs
  'JOB_EXISTS',
  'CANCELLED',
  'WORKER_CRASHED',
  // The store
  'DATABASE_OPEN_FAILED',
  'DATABASE_TOO_NEW',
  'DATABASE_CORRUPT',
  'DATABASE_READ_ONLY',
  'DATABASE_BUSY',
  'DATABASE_IN_USE',
  'DISK_FULL',
  'STORE_FAILED',
  'BACKUP_CORRUPT',
  // Reports
  'NO_CHROMIUM',
  'PDF_UNAVAILABLE',
  'REPORT_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether an error (from any call) carries this code: how the renderer tells one error from another. */
export const hasErrorCode = (error: unknown, code: ErrorCode): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
