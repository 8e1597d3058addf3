/** Model files (exported by the app) open as models; anything else is a customer table to import. */
export const isModelFile = (fileName: string): boolean => /\.(segmodel|json)$/i.test(fileName);

/** Files Segment Studio opens itself: exported models and customer tables (text or Excel). */
export const OPENABLE_FILE = /\.(csv|tsv|txt|xlsx|segmodel|json)$/i;
