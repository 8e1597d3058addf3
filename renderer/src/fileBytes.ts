import { PREVIEW_PREFIX_BYTES } from '../../shared/api/limits';
import { cutAtLastLineBreak } from '../../shared/import/prefix';

/**
 * A chosen file's bytes as base64, for the API: the worker decodes them (UTF-8, UTF-16 or
 * Windows-1252), which the browser's own text decoding would get wrong for Excel's files.
 */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * The first part of a big text file for the wizard's preview, cut after its last line break (in
 * the file's encoding: UTF-16 line breaks are two bytes), or null for a small file or a workbook.
 */
export async function previewPrefix(file: File): Promise<{ base64: string; totalBytes: number } | null> {
  if (file.size <= PREVIEW_PREFIX_BYTES || /\.xlsx$/i.test(file.name)) return null;
  const head = new Uint8Array(await file.slice(0, PREVIEW_PREFIX_BYTES).arrayBuffer());
  if (head[0] === 0x50 && head[1] === 0x4b) return null;
  const cut = cutAtLastLineBreak(head);
  if (!cut) return null;
  return { base64: await fileToBase64(new File([cut.slice()], file.name)), totalBytes: file.size };
}

/** Bytes from base64 (a file the desktop shell opened, a PDF or workbook from the API). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
