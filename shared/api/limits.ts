/**
 * Largest file the app hands over whole through the API, as text or bytes (the CLI streams files of
 * any size). Zod-free, so the renderer can check a file before reading it.
 */
export const MAX_IMPORT_CHARACTERS = 256 * 1024 * 1024;

/** Text files above this size are previewed in the import wizard from their first part only. */
export const PREVIEW_PREFIX_BYTES = 4 << 20;
