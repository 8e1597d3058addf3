/**
 * The first part of a text file's bytes, cut just after its last line break so that no character
 * or record is cut (in UTF-16 a line break is two bytes). Null when there is no line break.
 */
export function cutAtLastLineBreak(head: Uint8Array): Uint8Array | null {
  const utf16le = head[0] === 0xff && head[1] === 0xfe;
  const at = head.lastIndexOf(0x0a);
  if (at < 0) return null;
  return head.subarray(0, Math.min(head.length, at + (utf16le ? 2 : 1)));
}
