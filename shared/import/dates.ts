/**
 * Dates as customer exports write them: ISO (2024-03-31), dd/mm/yyyy or mm/dd/yyyy (decided from
 * the values, with the evidence), dd-mm-yyyy, dd.mm.yyyy, and Excel serial numbers. Days are
 * counted from 1970-01-01 (UTC), so differences are whole days.
 */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateReading {
  order: DateOrder;
  /** Days since 1970-01-01, NaN for a blank or unreadable cell. */
  days: Float64Array;
  /** Why this order, in words (e.g. "31/03/2024 in row 4: the first number is above 12"). */
  evidence: string;
  /** Index of the first non-blank cell that is not a date, or −1. */
  firstBad: number;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const PARTS = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s.*)?$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

function dayNumber(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return Number.NaN;
  return time / DAY;
}

const fullYear = (y: number, digits: number) => (digits === 2 ? (y < 50 ? 2000 + y : 1900 + y) : y);

/** Read a column of date cells, deciding day/month order from the values unless it is given. */
export function readDates(
  cells: readonly string[],
  isBlank: (cell: string) => boolean,
  order?: DateOrder,
): DateReading {
  let evidence = '';
  let decided: DateOrder | undefined = order;
  if (!decided) {
    cells.forEach((raw, i) => {
      if (decided) return;
      const m = PARTS.exec(raw.trim());
      if (!m) {
        if (ISO.test(raw.trim())) {
          decided = 'ymd';
          evidence = `${raw.trim()} in row ${i + 2} is year-month-day`;
        }
        return;
      }
      if (Number(m[1]) > 12) {
        decided = 'dmy';
        evidence = `${raw.trim()} in row ${i + 2}: the first number is above 12, so it is the day`;
      } else if (Number(m[2]) > 12) {
        decided = 'mdy';
        evidence = `${raw.trim()} in row ${i + 2}: the second number is above 12, so it is the day`;
      }
    });
    if (!decided) {
      decided = 'dmy';
      evidence = 'no value shows the order (no day above 12): day/month assumed; change it if wrong';
    }
  } else {
    evidence = 'chosen';
  }
  const days = new Float64Array(cells.length);
  let firstBad = -1;
  cells.forEach((raw, i) => {
    if (isBlank(raw.trim())) {
      days[i] = Number.NaN;
      return;
    }
    days[i] = dateCell(raw, decided as DateOrder);
    if (Number.isNaN(days[i]) && firstBad < 0) firstBad = i;
  });
  return { order: decided, days, evidence, firstBad };
}

/**
 * One date cell as a day number (days since 1970-01-01), NaN when it is not a date: ISO, the
 * given day/month order with / . or -, or an Excel serial (days since 1899-12-30).
 */
export function dateCell(raw: string, order: DateOrder): number {
  const cell = raw.trim();
  const iso = ISO.exec(cell);
  if (iso) return dayNumber(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const parts = PARTS.exec(cell);
  if (parts) {
    const a = Number(parts[1]);
    const b = Number(parts[2]);
    const y = fullYear(Number(parts[3]), parts[3].length);
    return order === 'mdy' ? dayNumber(y, a, b) : dayNumber(y, b, a);
  }
  // An Excel serial (days since 1899-12-30), e.g. 45382 for 2024-03-31.
  if (/^\d{5}(\.\d+)?$/.test(cell)) return Math.floor((EXCEL_EPOCH + Number(cell) * DAY) / DAY);
  return Number.NaN;
}

/** A cell that is written as a date (not a bare number): what makes a column a date column. */
export const looksLikeDate = (raw: string): boolean => ISO.test(raw.trim()) || PARTS.test(raw.trim());

/** The order in words, for evidence and choices. */
export const DATE_ORDER_WORDS: Record<DateOrder, string> = {
  dmy: 'day/month/year',
  mdy: 'month/day/year',
  ymd: 'year-month-day',
};

/** "2024-03-31" for a day number. */
export const isoDay = (days: number): string => new Date(days * DAY).toISOString().slice(0, 10);

/**
 * A date cell without its time of day ("12/1/2010 8:26" → "12/1/2010"; ISO's "T10:00" too): the
 * day is read from that part alone, and a log has far fewer days than timestamps.
 */
export const dayKey = (cell: string): string => {
  const trimmed = cell.trim();
  const cut = trimmed.search(/[\sT]/);
  return cut > 0 && /^\d/.test(trimmed) ? trimmed.slice(0, cut) : trimmed;
};
