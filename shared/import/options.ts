import { z } from 'zod';
import { ENCODING_NAMES } from './encodings';
import { MEANING_IDS } from '../segments/meanings';

/** The separators a delimited file may use, with the names people call them by. */
export const DELIMITERS = [
  { char: ',', name: 'comma' },
  { char: ';', name: 'semicolon' },
  { char: '\t', name: 'tab' },
  { char: '|', name: 'pipe' },
] as const;
export type Delimiter = (typeof DELIMITERS)[number]['char'];
const DELIMITER_CHARS = DELIMITERS.map((d) => d.char) as unknown as readonly [Delimiter, ...Delimiter[]];

/** A separator by its character or its name (comma, semicolon, tab, pipe), or undefined. */
export const delimiterNamed = (text: string): Delimiter | undefined =>
  DELIMITERS.find((d) => d.char === text || d.name === text.toLowerCase())?.char;

/** A separator's name: "semicolon" for ";". */
export const delimiterName = (char: string): string => DELIMITERS.find((d) => d.char === char)?.name ?? char;

/** How to read a file, as the import wizard lets the user set it; anything left out is detected. */
export const importOptionsSchema = z
  .object({
    delimiter: z.enum(DELIMITER_CHARS).optional(),
    encoding: z.enum(ENCODING_NAMES).optional(),
    decimal: z.enum(['.', ',']).optional(),
    /**
     * How quotes are read: "standard" (RFC 4180: a quoted field may hold separators and line breaks;
     * a malformed quote stops the import with its row) or "literal" (every quote is a character and
     * every line is a row — for files whose quotes mean inches or speech, not fields).
     */
    quotes: z.enum(['standard', 'literal']).optional(),
    /** The sheet of an Excel workbook to read (default: the first). */
    sheet: z.string().max(100).optional(),
    /** Leave out rows whose number of fields differs from the header's (they are counted). */
    skipRagged: z.boolean().optional(),
    /** False when the first row is already a customer (columns are then named "Column 1", …). */
    header: z.boolean().optional(),
    /**
     * The header's row, as the file numbers its rows (1 = the first), when title rows stand above
     * it; without it, title rows are detected (rows filling at most half the table's width).
     */
    headerRow: z.number().int().min(1).max(1000).optional(),
    /** A column's kind chosen by the user, or "ignore" to leave it out of the store. */
    kinds: z
      .record(z.string().max(255), z.enum(['numeric', 'categorical', 'identifier', 'text', 'date', 'ignore']))
      .optional(),
    /** What a column means to a marketer (or "none"), where the user chose it; else suggested from its name. */
    meanings: z.record(z.string().max(255), z.enum([...MEANING_IDS, 'none'])).optional(),
    /** A column's friendly label, where the user wrote one; else suggested from its name. */
    labels: z.record(z.string().max(255), z.string().trim().min(1).max(200)).optional(),
    /** How dates like 03/04/2024 are read in date columns (default: decided from the values). */
    dateOrder: z.enum(['ymd', 'dmy', 'mdy']).optional(),
    /** A transaction log (one row per purchase) turned into one row per customer with RFM. */
    transactions: z
      .object({
        customer: z.string().min(1).max(255),
        date: z.string().min(1).max(255),
        /** The line's amount; without it, quantity × unit price. */
        amount: z.string().min(1).max(255).optional(),
        quantity: z.string().max(255).optional(),
        /** Unit price: with a quantity, each line's amount is quantity × price. */
        price: z.string().min(1).max(255).optional(),
        /** The invoice (order) column: frequency counts distinct invoices (else distinct purchase days). */
        invoice: z.string().min(1).max(255).optional(),
        /** Cancellations left out (default) or netted against purchases. */
        returns: z.enum(['exclude', 'net']).optional(),
        /** An invoice starting with this is a cancellation (default "C"). */
        cancelPrefix: z.string().max(10).optional(),
        category: z.string().max(255).optional(),
        reference: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a reference date is YYYY-MM-DD')
          .optional(),
        dateOrder: z.enum(['ymd', 'dmy', 'mdy']).optional(),
        /** Lines left out by value before anything else (postage, bank charges, manual adjustments). */
        exclude: z
          .array(
            z
              .object({
                column: z.string().min(1).max(255),
                values: z.array(z.string().max(255)).min(1).max(1000),
              })
              .strict(),
          )
          .max(20)
          .optional(),
      })
      .strict()
      .refine((t) => t.amount !== undefined || (t.price !== undefined && t.quantity !== undefined), {
        message: 'a transaction log needs an amount column, or a quantity and a unit price column',
      })
      .optional(),
    /** Cleaning per column: blanks, outliers, rare categories. */
    clean: z
      .record(
        z.string().max(255),
        z
          .object({
            missing: z.enum(['keep', 'drop', 'mean', 'median', 'mode', 'constant', 'unknown']).optional(),
            constant: z.union([z.string().max(200), z.number().finite()]).optional(),
            capOutliers: z.boolean().optional(),
            mergeRare: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    /** New columns from templates, computed after cleaning. */
    derive: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(120),
            template: z.enum(['sum', 'count', 'ratio', 'log1p', 'age', 'tenure']),
            columns: z.array(z.string().max(255)).min(1).max(50),
            reference: z.number().int().min(1900).max(2200).optional(),
            /** For "tenure" and "age" from a date column: the day counted to (default: the latest date in it). */
            referenceDate: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'a reference date is YYYY-MM-DD')
              .optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
  })
  .strict();

export type ImportOptions = z.output<typeof importOptionsSchema>;

/** Rows shown in the wizard's preview. */
export const PREVIEW_ROWS = 100;
