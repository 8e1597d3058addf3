/**
 * A dataset's recipe: every step from the raw file to the stored columns, with the parameters each
 * step learned on the training data (the median that filled blanks, the fences outliers were capped
 * at, the categories kept, the reference day of a tenure) and what it changed. It is kept with the
 * dataset, copied into every model and model file, written and read by the CLI (`recipe`,
 * `import --recipe`), and replayed on a raw file by `assign` with the learned values — so a model
 * scores next month's export exactly as it scored its own customers. Pure: no Node, no DOM.
 */
import { z } from 'zod';
import { importOptionsSchema, type ImportOptions } from './options';
import { AppError } from '../errors';
import { columnMeaning, MEANING_IDS, suggestLabel, suggestMeaning, type Meaning } from '../segments/meanings';

export const RECIPE_VERSION = 1;

const name = z.string().max(255);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const count = z.number().int().min(0);

/** One step of the recipe, in the order it is applied. */
export const recipeStepSchema = z.discriminatedUnion('step', [
  z
    .object({
      step: z.literal('aggregate'),
      /** The day recency and tenure count to (learned: the day after the last purchase, unless given). */
      reference: isoDay,
      /** How the log's dates were read. */
      dateOrder: z.enum(['ymd', 'dmy', 'mdy']),
      lines: count,
      customers: count,
      note: z.string().max(2000),
    })
    .strict(),
  z.object({ step: z.literal('drop-blanks'), columns: z.array(name).min(1), rows: count }).strict(),
  z
    .object({
      step: z.literal('cap'),
      column: name,
      /** Tukey's fences (1.5 × IQR) learned on the training rows. */
      low: z.number().finite(),
      high: z.number().finite(),
      below: count,
      above: count,
    })
    .strict(),
  z
    .object({
      step: z.literal('fill-blanks'),
      column: name,
      method: z.enum(['mean', 'median', 'mode', 'constant', 'unknown']),
      value: z.union([z.number().finite(), z.string().max(200)]),
      count,
    })
    .strict(),
  z
    .object({
      step: z.literal('merge-rare'),
      column: name,
      /** Categories kept as they are: any other becomes "Other". */
      kept: z.array(z.string().max(10_000)).max(100_000),
      /** The categories merged on the training data (the first 1,000). */
      merged: z.array(z.string().max(10_000)).max(1_000),
      /** Customers whose category became "Other". */
      count,
      /** A category under this share of customers was merged. */
      share: z.number().min(0).max(1),
    })
    .strict(),
  z
    .object({
      step: z.literal('derive'),
      name: z.string().max(255),
      template: z.enum(['sum', 'count', 'ratio', 'log1p', 'age', 'tenure']),
      columns: z.array(name).min(1).max(50),
      /** For an age from a birth year: the year counted to (learned: the year of the import). */
      reference: z.number().int().optional(),
      /** For a tenure, or an age from a date: the day counted to (learned: the latest date in the column). */
      referenceDate: isoDay.optional(),
      /** Customers left blank (a blank source, a ratio over 0, a log of −1 or less). */
      blanks: count,
    })
    .strict(),
]);
export type RecipeStep = z.output<typeof recipeStepSchema>;

/** A stored column's kind (as ColumnKind in shared/domain.ts, which imports this file). */
const KINDS = ['numeric', 'categorical', 'identifier', 'text', 'date'] as const;
type ColumnKind = (typeof KINDS)[number];

export const recipeSchema = z
  .object({
    kind: z.literal('segment-studio-recipe'),
    version: z.literal(RECIPE_VERSION),
    /** How the raw file was read (what was detected, and what the user chose in `options`). */
    source: z
      .object({
        fileName: z.string().max(1000),
        format: z.enum(['text', 'workbook']),
        encoding: z.string().max(40).nullable(),
        delimiter: z.string().max(20).nullable(),
        decimal: z.enum(['.', ',']).nullable(),
        header: z.boolean(),
        headerRow: z.number().int().min(1).nullable(),
        sheet: z.string().max(100).nullable(),
      })
      .strict(),
    /** Everything the import was told (the wizard's or the CLI's choices): replaying them re-imports the file. */
    options: importOptionsSchema,
    /** The stored columns: from the file, made by a transaction log's aggregation, or derived. */
    columns: z
      .array(
        z
          .object({
            name: z.string().max(255),
            kind: z.enum(KINDS),
            role: z.enum(['file', 'aggregated', 'derived']),
            /** What the column means to a marketer (null: nothing the app names segments by). */
            meaning: z.enum(MEANING_IDS).nullable().optional(),
            /** How the column is called wherever a person reads about it. */
            label: z.string().max(200).optional(),
          })
          .strict(),
      )
      .max(5000),
    /** File columns left out of the store ("ignore"). */
    ignored: z.array(name).max(5000),
    steps: z.array(recipeStepSchema).max(10_000),
  })
  .strict();
export type Recipe = z.output<typeof recipeSchema>;

/** Parse a recipe read from a file or the store; errors say which field is wrong. */
export function parseRecipe(value: unknown, where: string): Recipe {
  const parsed = recipeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.');
  throw new AppError(
    'BAD_RECIPE',
    `${where} is not a Segment Studio recipe${path ? ` (${path}: ${issue.message})` : `: ${issue.message}`}.`,
  );
}

/**
 * The options that replay a recipe on a raw file with the learned parameters: how to read it (the
 * user's choices), the transaction log's reference day fixed; cleaning and derived columns are
 * applied afterwards by `replaySteps` with the learned values, so they are left out here.
 */
export function replayReadOptions(recipe: Recipe): ImportOptions {
  const { clean: _clean, derive: _derive, transactions, ...read } = recipe.options;
  const aggregate = recipe.steps.find((s) => s.step === 'aggregate');
  // Each file column read as the kind it had in training, so a value that does not fit is named.
  const kinds: NonNullable<ImportOptions['kinds']> = {};
  if (!transactions) for (const c of recipe.columns) if (c.role === 'file') kinds[c.name] = c.kind;
  return {
    ...read,
    kinds: { ...kinds, ...read.kinds },
    ...(transactions
      ? {
          transactions: {
            ...transactions,
            ...(aggregate ? { reference: aggregate.reference, dateOrder: aggregate.dateOrder } : {}),
          },
        }
      : {}),
  };
}

const number = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 6 });
const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const METHOD_WORDS: Record<string, string> = {
  mean: 'the mean',
  median: 'the median',
  mode: 'the most frequent value',
  constant: 'a constant',
  unknown: '"Unknown"',
};
const TEMPLATE_WORDS: Record<string, string> = {
  sum: 'the sum of',
  count: 'the count of yes/1 in',
  ratio: 'the ratio of',
  log1p: 'log(1 + x) of',
  age: 'the age from',
  tenure: 'the days since',
};

/** How names from the data are put in a sentence ("Income"; the report isolates their direction). */
export type Quote = (text: string) => string;
const plainQuote: Quote = (text) => `"${text}"`;

/** One step in words, with its learned values and counts, for the dataset page, the report and `recipe`. */
export function stepSentence(step: RecipeStep, quote: Quote = plainQuote): string {
  switch (step.step) {
    case 'aggregate':
      return `Transaction log made into one row per customer: ${step.note}.`;
    case 'drop-blanks':
      return `${plural(step.rows, 'customer')} left out for a blank ${step.columns.map((c) => quote(c)).join(' or ')}.`;
    case 'cap':
      return (
        `${quote(step.column)}: ${plural(step.below, 'value')} below ${number(step.low)} and ${plural(step.above, 'value')} ` +
        `above ${number(step.high)} capped at those values (1.5 × IQR fences).`
      );
    case 'fill-blanks':
      return `${quote(step.column)}: ${plural(step.count, 'blank')} filled with ${METHOD_WORDS[step.method]}, ${
        typeof step.value === 'number' ? number(step.value) : quote(step.value)
      }.`;
    case 'merge-rare':
      if (step.merged.length === 0) {
        return `${quote(step.column)}: no category under ${number(step.share * 100)}% of customers to merge (a category the training file did not have would become "Other").`;
      }
      return (
        `${quote(step.column)}: ${plural(step.merged.length, 'category', 'categories')} under ${number(step.share * 100)}% of ` +
        `customers merged into "Other" (${plural(step.count, 'customer')}).`
      );
    case 'derive': {
      const to =
        step.referenceDate !== undefined
          ? ` to ${step.referenceDate}`
          : step.reference !== undefined
            ? ` to ${step.reference}`
            : '';
      return `${quote(step.name)} added: ${TEMPLATE_WORDS[step.template]} ${step.columns.map((c) => quote(c)).join(', ')}${to}${
        step.blanks > 0 ? ` (${plural(step.blanks, 'customer')} left blank)` : ''
      }.`;
    }
  }
}

/** The recipe in words: how the file was read, then every step. */
export function recipeSentences(recipe: Recipe, quote: Quote = plainQuote): string[] {
  const s = recipe.source;
  const read = [
    s.format === 'workbook' ? `sheet ${quote(s.sheet ?? 'first')}` : null,
    s.encoding ? `encoding ${s.encoding}` : null,
    s.delimiter ? `${s.delimiter}-separated` : null,
    s.decimal === ',' ? 'decimal comma' : null,
    s.headerRow && s.headerRow > 1 ? `header on row ${s.headerRow}` : !s.header ? 'no header row' : null,
  ].filter((p): p is string => p !== null);
  const lines = [`Read from ${quote(s.fileName)}${read.length > 0 ? ` (${read.join(', ')})` : ''}.`];
  if (recipe.ignored.length > 0) {
    lines.push(`Left out of the store: ${recipe.ignored.map((c) => quote(c)).join(', ')}.`);
  }
  for (const step of recipe.steps) lines.push(stepSentence(step, quote));
  return lines;
}

/** What an import knows when it finishes: enough to write its recipe. */
export interface ImportedTable {
  encoding?: string;
  delimiter?: string;
  decimal?: '.' | ',';
  header?: boolean;
  sheets?: string[];
  sheet?: string;
  /** The file's row number of the first customer (the header is the row above it). */
  firstRecordRow?: number;
  steps?: RecipeStep[];
  columns: { name: string; kind: ColumnKind }[];
}

/**
 * A derived column's meaning from how it was made: an age is age, a tenure tenure; a log(1 + x), a
 * sum or a count of columns that all mean one thing means it too; a ratio means nothing by itself.
 */
function derivedMeaning(
  step: { template: string; columns: string[] },
  meaningOf: (column: string) => Meaning | null,
): Meaning | null {
  if (step.template === 'age') return 'age';
  if (step.template === 'tenure') return 'tenure';
  if (step.template === 'ratio') return null;
  const meanings = new Set(step.columns.map(meaningOf));
  return meanings.size === 1 ? [...meanings][0] : null;
}

/** The recipe of an import that just finished: how the file was read, its options, and its steps. */
export function buildRecipe(fileName: string, options: ImportOptions, table: ImportedTable): Recipe {
  const steps = table.steps ?? [];
  const derived = new Set(steps.flatMap((s) => (s.step === 'derive' ? [s.name] : [])));
  const aggregated = steps.some((s) => s.step === 'aggregate');
  const chosen = (column: string): Meaning | null | undefined => {
    const meaning = options.meanings?.[column];
    return meaning === 'none' ? null : meaning;
  };
  const meaningIn = (column: string, role: 'file' | 'aggregated' | 'derived'): Meaning | null => {
    const own = chosen(column);
    if (own !== undefined) return own;
    const step = steps.find((s) => s.step === 'derive' && s.name === column);
    if (step?.step === 'derive') return derivedMeaning(step, (source) => meaningIn(source, 'file'));
    return suggestMeaning(column, role);
  };
  const labelIn = (column: string, role: 'file' | 'aggregated' | 'derived'): string =>
    options.labels?.[column] ?? suggestLabel(column, role);
  return {
    kind: 'segment-studio-recipe',
    version: RECIPE_VERSION,
    source: {
      fileName,
      format: table.sheets ? 'workbook' : 'text',
      encoding: table.encoding ?? null,
      delimiter: table.sheets ? null : (table.delimiter ?? null),
      decimal: table.decimal ?? null,
      header: table.header ?? true,
      headerRow:
        options.headerRow ?? (table.header !== false && table.firstRecordRow ? table.firstRecordRow - 1 : null),
      sheet: table.sheet ?? null,
    },
    options,
    columns: table.columns.map((c) => {
      const role = derived.has(c.name) ? 'derived' : aggregated ? 'aggregated' : 'file';
      return { name: c.name, kind: c.kind, role, meaning: meaningIn(c.name, role), label: labelIn(c.name, role) };
    }),
    ignored: Object.entries(options.kinds ?? {})
      .filter(([, kind]) => kind === 'ignore')
      .map(([name]) => name),
    steps,
  };
}

/** The recipe with one more derived column (a log added from the data summary after the import). */
export function withDerivedStep(recipe: Recipe, step: Extract<RecipeStep, { step: 'derive' }>): Recipe {
  const { name, template, columns } = step;
  return {
    ...recipe,
    options: { ...recipe.options, derive: [...(recipe.options.derive ?? []), { name, template, columns }] },
    columns: [
      ...recipe.columns,
      {
        name: step.name,
        kind: 'numeric',
        role: 'derived',
        meaning: derivedMeaning(step, (source) => columnMeaning(recipe, source).meaning),
        label: suggestLabel(step.name, 'derived'),
      },
    ],
    steps: [...recipe.steps, step],
  };
}
