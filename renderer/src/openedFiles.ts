/** Model files (exported by the app) open as models; anything else is a customer table to import. */
export const isModelFile = (fileName: string): boolean => /\.(segmodel|json)$/i.test(fileName);

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
