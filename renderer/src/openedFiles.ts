/** Model files (exported by the app) open as models; anything else is a customer table to import. */
export const isModelFile = (fileName: string): boolean => /\.(segmodel|json)$/i.test(fileName);
