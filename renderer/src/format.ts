import type { ColumnKind } from '../../shared/domain';

/** Number formats for people: grouped thousands, sensible decimals. */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, useGrouping: false });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(n);
export const formatShare = (n: number): string => percent.format(n);
export function formatValue(n: number): string {
  if (!Number.isFinite(n)) return '—';
  // A value that rounds to zero is 0, never "−0".
  if (Math.abs(n) < 0.005) return '0';
  // Group thousands only from 10,000 up, so years and small counts read as they are written.
  return Math.abs(n) >= 10_000 ? integer.format(n) : Math.abs(n) >= 1000 ? plain.format(n) : compact.format(n);
}

/** A column kind as the screens name it. */
export const KIND_LABELS: Record<ColumnKind, string> = {
  numeric: 'Number',
  categorical: 'Category',
  date: 'Date',
  identifier: 'Identifier',
  text: 'Free text',
};

/** A file size in megabytes for people ("4 MB", "150 MB"). */
export const formatMegabytes = (bytes: number): string =>
  `${bytes >= 10 * 2 ** 20 ? Math.round(bytes / 2 ** 20) : (bytes / 2 ** 20).toFixed(1)} MB`;

/** A signed value to one decimal, never "−0.0" (shared with the segment texts). */
export { signedTenths } from '../../shared/segments/naming';
