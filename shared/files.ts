/** Extensions of customer tables (text or Excel) and of model files: the one list every dialog and check uses. */
/** `gz`: a compressed .csv.gz (the CSV inside is read); `parquet`: Apache Parquet. */
export const TABLE_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx', 'gz', 'parquet'] as const;
export const MODEL_EXTENSIONS = ['segmodel', 'json'] as const;

const ending = (extensions: readonly string[]) => new RegExp(`\\.(${extensions.join('|')})$`, 'i');

/** A file input's `accept` for customer tables and for model files. */
export const TABLE_ACCEPT = [
  ...TABLE_EXTENSIONS.map((e) => `.${e}`),
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');
export const MODEL_ACCEPT = [...MODEL_EXTENSIONS.map((e) => `.${e}`), 'application/json'].join(',');

/** Model files (exported by the app) open as models; anything else is a customer table to import. */
export const isModelFile = (fileName: string): boolean => ending(MODEL_EXTENSIONS).test(fileName);

/** Files Segment Studio opens itself: exported models and customer tables (text or Excel). */
export const OPENABLE_FILE = ending([...TABLE_EXTENSIONS, ...MODEL_EXTENSIONS]);

/**
 * Why a file given by path cannot be read, in words: missing, a link that points to itself, no
 * permission, a folder. `code` is the Node error code of the failed stat or open.
 */
export function unreadableFileMessage(path: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file. Check the name and folder.`;
    case 'ELOOP':
      return `${path} is a symbolic link that leads back to itself (a loop), not a file. Point it at the real file.`;
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied. Give yourself read access to it, or copy it somewhere you can read.`;
    case 'EISDIR':
      return `${path} is a folder, not a file. Choose the file inside it.`;
    case 'ENOTDIR':
      return `${path}: a part of the path is not a folder. Check the path.`;
    default:
      return `${path} cannot be read (${code ?? 'unknown error'}).`;
  }
}
