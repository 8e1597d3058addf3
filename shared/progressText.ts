/**
 * How far a long read has come, in numbers a person can wait by: "12.3 of 47.0 MB, 8.1 MB/s,
 * about 4 s left". The speed and time left appear once there is a second of reading to go by.
 */
export function readRateText(readBytes: number, totalBytes: number, elapsedMs: number): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const parts = [`${mb(readBytes)} of ${mb(Math.max(totalBytes, readBytes))} MB`];
  if (elapsedMs >= 1000 && readBytes > 0) {
    const perSecond = readBytes / (elapsedMs / 1000);
    parts.push(`${mb(perSecond)} MB/s`);
    const left = Math.max(totalBytes - readBytes, 0) / perSecond;
    if (left >= 1) parts.push(`about ${left < 90 ? `${Math.round(left)} s` : `${Math.round(left / 60)} min`} left`);
  }
  return parts.join(', ');
}
