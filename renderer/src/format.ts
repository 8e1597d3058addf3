/** Number formats for people: grouped thousands, sensible decimals. */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(n);
export const formatShare = (n: number): string => percent.format(n);
export function formatValue(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.abs(n) >= 1000 ? integer.format(n) : compact.format(n);
}
