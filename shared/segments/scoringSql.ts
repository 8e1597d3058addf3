/**
 * Scoring SQL: one SELECT that gives every customer of a warehouse table its segment, exactly as
 * `assign` does — the model's recipe replayed row by row with the values it learned (blanks filled,
 * outliers capped, categories merged, derived columns with their reference day), then the model's
 * preprocessing (blanks, log(1 + x), scaling, one-hot with its weight), the squared distance to
 * every centre and the nearest one (the first on a tie, as `assign`). Written by hand: no library
 * turns a model into SQL for several dialects. Pure: no Node, no DOM.
 *
 * Names and values from the data are always quoted for the dialect (identifiers and string
 * literals, backslashes too where the dialect reads them as escapes), so none can break out.
 */
import { AppError } from '../errors';
import type { ModelSummary } from '../domain';
import type { Recipe, RecipeStep } from '../import/recipe';
import { neededColumns } from '../import/replay';
import { OTHER_LEVEL, YES_WORDS } from '../import/transform';
import { MISSING_CELLS } from '../import/missing';
import { UNKNOWN_LEVEL } from '../ml/preprocess';

export const SQL_DIALECTS = ['duckdb', 'postgres', 'sqlite', 'bigquery', 'snowflake', 'spark'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

interface Dialect {
  double: string;
  text: string;
  /** Identifier quoting. */
  id: (name: string) => string;
  /** Backslash is an escape inside string literals. */
  backslashEscapes: boolean;
  least: string;
  date: (expr: string) => string;
  /** Whole days from a DATE expression to the reference day (ISO). */
  daysTo: (expr: string, day: string) => string;
  /** Year, month or day of a DATE expression, as a number. */
  part: (part: 'YEAR' | 'MONTH' | 'DAY', expr: string) => string;
  /**
   * "AS MATERIALIZED" where the dialect has it: the features and the distances are computed once per
   * row, not inlined into every expression that reads them (SQLite and Postgres would otherwise
   * repeat each feature's whole recipe for every centre, many times over).
   */
  materialized: string;
}

const doubleQuoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const extract = (part: string, expr: string) => `EXTRACT(${part} FROM ${expr})`;

const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: {
    double: 'DOUBLE',
    text: 'VARCHAR',
    id: doubleQuoted,
    backslashEscapes: false,
    least: 'LEAST',
    date: (e) => `CAST(${e} AS DATE)`,
    daysTo: (e, day) => `(DATE '${day}' - ${e})`,
    part: extract,
    materialized: 'MATERIALIZED ',
  },
  postgres: {
    double: 'DOUBLE PRECISION',
    text: 'TEXT',
    id: doubleQuoted,
    backslashEscapes: false,
    least: 'LEAST',
    date: (e) => `CAST(${e} AS DATE)`,
    daysTo: (e, day) => `(DATE '${day}' - ${e})`,
    part: extract,
    materialized: 'MATERIALIZED ',
  },
  sqlite: {
    double: 'REAL',
    text: 'TEXT',
    id: doubleQuoted,
    backslashEscapes: false,
    least: 'MIN',
    date: (e) => `date(${e})`,
    daysTo: (e, day) => `(julianday('${day}') - julianday(${e}))`,
    part: (part, e) => `CAST(strftime('${part === 'YEAR' ? '%Y' : part === 'MONTH' ? '%m' : '%d'}', ${e}) AS INTEGER)`,
    materialized: 'MATERIALIZED ',
  },
  bigquery: {
    double: 'FLOAT64',
    text: 'STRING',
    id: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
    backslashEscapes: true,
    least: 'LEAST',
    date: (e) => `CAST(${e} AS DATE)`,
    daysTo: (e, day) => `DATE_DIFF(DATE '${day}', ${e}, DAY)`,
    part: extract,
    materialized: '',
  },
  snowflake: {
    double: 'DOUBLE',
    text: 'VARCHAR',
    id: doubleQuoted,
    backslashEscapes: true,
    least: 'LEAST',
    date: (e) => `CAST(${e} AS DATE)`,
    daysTo: (e, day) => `DATEDIFF(day, ${e}, DATE '${day}')`,
    part: extract,
    materialized: '',
  },
  spark: {
    double: 'DOUBLE',
    text: 'STRING',
    id: (name) => `\`${name.replace(/`/g, '``')}\``,
    backslashEscapes: true,
    least: 'LEAST',
    date: (e) => `CAST(${e} AS DATE)`,
    daysTo: (e, day) => `DATEDIFF(DATE '${day}', ${e})`,
    part: extract,
    materialized: '',
  },
};

export interface ScoringSqlOptions {
  dialect: SqlDialect;
  /** The customer table (dots separate database, schema and table; each part is quoted). */
  table?: string;
  /** The customer id column (default: the recipe's identifier column). */
  id?: string;
}

type ScoredModel = Pick<
  ModelSummary,
  'id' | 'name' | 'createdAt' | 'features' | 'preprocessing' | 'centroidsScaled' | 'segments' | 'recipe'
>;

/** A column of the query, under an alias of ours (names from the data never become aliases). */
interface Column {
  alias: string;
  kind: 'number' | 'text' | 'date';
}

/** The scoring SQL of a model, for a dialect. */
export function scoringSql(model: ScoredModel, options: ScoringSqlOptions): string {
  const d = DIALECTS[options.dialect];
  const str = (text: string) => {
    let body = text.replace(/'/g, "''");
    if (d.backslashEscapes) {
      body = body.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    }
    return `'${body}'`;
  };
  // Every number at full precision; negative ones in brackets ("x - -1" must never read "x --1").
  const num = (value: number) => {
    if (!Number.isFinite(value))
      throw new AppError('INTERNAL', `The model holds a value that is not a number (${value}).`);
    const text = Object.is(value, -0) ? '0' : String(value);
    return value < 0 ? `(${text})` : text;
  };
  const dbl = (expr: string) => `CAST(${expr} AS ${d.double})`;
  const recipe: Recipe | null = model.recipe;
  const aggregate = recipe?.steps.find((s) => s.step === 'aggregate');
  const numericFeatures = model.preprocessing.numeric.map((s) => s.name);
  const categoricalFeatures = new Set(model.preprocessing.categorical.map((s) => s.name));
  const needed = recipe ? neededColumns(recipe, model.features) : new Set(model.features);
  const derivedNames = new Set(recipe?.steps.flatMap((s) => (s.step === 'derive' ? [s.name] : [])) ?? []);
  const spec = recipe?.options.transactions;
  const idColumn =
    options.id ??
    spec?.customer ??
    recipe?.columns.find((c) => c.role === 'file' && c.kind === 'identifier')?.name ??
    (() => {
      throw new AppError('USAGE', 'Name the customer id column (--id COLUMN): the model does not know one.');
    })();

  // The source columns, in the order the recipe lists them, read as numbers, text or dates.
  const sourceNames = [...needed].filter((n) => !derivedNames.has(n));
  const kindOf = (name: string): Column['kind'] => {
    const kind = recipe?.columns.find((c) => c.name === name)?.kind;
    if (kind === 'date') return 'date';
    if (kind === 'numeric' || (kind === undefined && numericFeatures.includes(name))) return 'number';
    return 'text';
  };
  const columns = new Map<string, Column>();
  const table = tableName(options.table ?? (aggregate ? 'transactions' : 'customers'), d);
  // A transaction log's recipe: the log summed per customer first (as the app does it), then the rest.
  const logCtes =
    aggregate && aggregate.step === 'aggregate' && spec
      ? transactionCtes(spec, aggregate, sourceNames, table, { d, str, dbl })
      : null;
  const select: string[] = [logCtes ? 'cust AS sid' : `${d.id(idColumn)} AS sid`];
  if (logCtes) {
    sourceNames.forEach((name, i) => {
      columns.set(name, { alias: `v${i}`, kind: 'number' });
      select.push(`${dbl(logCtes.columns.get(name) as string)} AS v${i}`);
    });
  }
  if (!logCtes)
    sourceNames.forEach((name, i) => {
      const column: Column = { alias: `v${i}`, kind: kindOf(name) };
      columns.set(name, column);
      const source = d.id(name);
      if (column.kind === 'number') select.push(`${dbl(source)} AS ${column.alias}`);
      else if (column.kind === 'date') select.push(`${d.date(source)} AS ${column.alias}`);
      else {
        // As the app reads a cell: trimmed, and the usual "no value" markers are blanks.
        const trimmed = `TRIM(CAST(${source} AS ${d.text}))`;
        select.push(
          `CASE WHEN LOWER(${trimmed}) IN (${MISSING_CELLS.map(str).join(', ')}) THEN NULL ELSE ${trimmed} END AS ${column.alias}`,
        );
      }
    });
  const ctes: string[] = [
    ...(logCtes?.ctes ?? []),
    `s0 AS (\n  SELECT ${select.join(',\n    ')},\n    0 AS lo\n  FROM ${logCtes ? 'agg' : table}\n)`,
  ];

  // One CTE per recipe step: the step's column recomputed, the others carried over.
  let previous = 's0';
  const stepCte = (replace: Map<string, string>, extra: string[] = []) => {
    const name = `s${ctes.length}`;
    const list = ['sid', 'lo', ...[...columns.values()].map((c) => c.alias)].map((alias) =>
      replace.has(alias) ? `${replace.get(alias)} AS ${alias}` : alias,
    );
    ctes.push(`${name} AS (\n  SELECT ${[...list, ...extra].join(',\n    ')}\n  FROM ${previous}\n)`);
    previous = name;
  };
  for (const step of recipe?.steps ?? []) {
    const sql = stepSql(step);
    if (!sql) continue;
    stepCte(sql.replace, sql.extra);
    // A derived column exists from its own CTE on.
    if (sql.added) columns.set(sql.added.name, sql.added.column);
  }

  function stepSql(
    step: RecipeStep,
  ): { replace: Map<string, string>; extra?: string[]; added?: { name: string; column: Column } } | null {
    const col = (name: string) => columns.get(name);
    switch (step.step) {
      case 'drop-blanks': {
        const blanks = step.columns.map((c) => col(c)).filter((c): c is Column => c !== undefined);
        if (blanks.length === 0) return null;
        const test = blanks.map((c) => `${c.alias} IS NULL`).join(' OR ');
        return { replace: new Map([['lo', `CASE WHEN lo = 1 OR ${test} THEN 1 ELSE 0 END`]]) };
      }
      case 'cap': {
        const c = col(step.column);
        if (!c || !needed.has(step.column)) return null;
        const x = c.alias;
        return {
          replace: new Map([
            [
              x,
              `CASE WHEN ${x} < ${num(step.low)} THEN ${num(step.low)} WHEN ${x} > ${num(step.high)} THEN ${num(step.high)} ELSE ${x} END`,
            ],
          ]),
        };
      }
      case 'fill-blanks': {
        const c = col(step.column);
        if (!c || !needed.has(step.column)) return null;
        const value = c.kind === 'number' ? num(Number(step.value)) : str(String(step.value));
        return { replace: new Map([[c.alias, `COALESCE(${c.alias}, ${value})`]]) };
      }
      case 'merge-rare': {
        const c = col(step.column);
        if (!c || !needed.has(step.column)) return null;
        const kept = step.kept.length > 0 ? `${c.alias} IN (${step.kept.map(str).join(', ')})` : 'FALSE';
        return {
          replace: new Map([
            [
              c.alias,
              `CASE WHEN ${c.alias} IS NULL THEN NULL WHEN ${kept} THEN ${c.alias} ELSE ${str(OTHER_LEVEL)} END`,
            ],
          ]),
        };
      }
      case 'derive': {
        if (!needed.has(step.name)) return null;
        const sources = step.columns.map((name) => {
          const c = col(name);
          if (!c)
            throw new AppError('INTERNAL', `The recipe's "${step.name}" reads "${name}", which the SQL does not have.`);
          return c;
        });
        const alias = `v${columns.size}`;
        const expr = deriveSql(step, sources);
        return {
          replace: new Map(),
          extra: [`${dbl(expr)} AS ${alias}`],
          added: { name: step.name, column: { alias, kind: 'number' } },
        };
      }
      default:
        return null;
    }
  }

  function deriveSql(step: Extract<RecipeStep, { step: 'derive' }>, sources: Column[]): string {
    const [a, b] = sources.map((s) => s.alias);
    switch (step.template) {
      case 'sum':
        return `CASE WHEN ${sources.map((s) => `${s.alias} IS NULL`).join(' AND ')} THEN NULL ELSE ${sources
          .map((s) => `COALESCE(${s.alias}, 0)`)
          .join(' + ')} END`;
      case 'count':
        return sources
          .map((s) =>
            s.kind === 'number'
              ? `CASE WHEN ${s.alias} = 1 THEN 1 ELSE 0 END`
              : `CASE WHEN LOWER(${s.alias}) IN (${YES_WORDS.map(str).join(', ')}) THEN 1 ELSE 0 END`,
          )
          .join(' + ');
      case 'ratio':
        return `CASE WHEN ${b} = 0 THEN NULL ELSE ${a} / ${b} END`;
      case 'log1p':
        return `CASE WHEN ${a} > -1 THEN LN(1 + ${a}) ELSE NULL END`;
      case 'tenure':
        // No reference day: the column had no date at all in training, and every tenure was blank.
        return step.referenceDate ? d.daysTo(a, step.referenceDate) : 'NULL';
      case 'age': {
        if (sources[0].kind !== 'date') return `${num(step.reference as number)} - ${a}`;
        if (!step.referenceDate) return 'NULL';
        // Completed years to the reference day (a birthday on that day counts).
        const [y, m, day] = step.referenceDate.split('-').map(Number);
        const month = d.part('MONTH', a);
        return `${y} - ${d.part('YEAR', a)} - CASE WHEN ${month} > ${m} OR (${month} = ${m} AND ${d.part('DAY', a)} > ${day}) THEN 1 ELSE 0 END`;
      }
    }
  }

  // The model's features in model space: blanks filled, log(1 + x), scaled; categories one-hot.
  const features: string[] = [];
  const domain: string[] = [];
  for (const stepPrep of model.preprocessing.numeric) {
    const c = columns.get(stepPrep.name);
    if (!c) throw new AppError('INTERNAL', `The SQL has no column for the feature "${stepPrep.name}".`);
    let x = `COALESCE(${c.alias}, ${num(stepPrep.impute)})`;
    if (stepPrep.log) {
      domain.push(`${x} > -1`);
      x = `LN(1 + CASE WHEN ${x} > -1 THEN ${x} ELSE NULL END)`;
    }
    features.push(`(${x} - ${num(stepPrep.center)}) / ${num(stepPrep.scale)}`);
  }
  for (const stepPrep of model.preprocessing.categorical) {
    const c = columns.get(stepPrep.name);
    if (!c || !categoricalFeatures.has(stepPrep.name)) {
      throw new AppError('INTERNAL', `The SQL has no column for the feature "${stepPrep.name}".`);
    }
    const known = stepPrep.levels.filter((l) => l !== UNKNOWN_LEVEL);
    for (const level of stepPrep.levels) {
      const match =
        level === UNKNOWN_LEVEL
          ? `${c.alias} IS NULL OR ${c.alias} = ${str(UNKNOWN_LEVEL)}${known.length > 0 ? ` OR ${c.alias} NOT IN (${known.map(str).join(', ')})` : ''}`
          : `${c.alias} = ${str(level)}`;
      features.push(dbl(`CASE WHEN ${match} THEN ${num(stepPrep.weight)} ELSE 0 END`));
    }
  }
  ctes.push(
    `f AS ${d.materialized}(\n  SELECT sid, CASE WHEN lo = 0${domain.map((t) => ` AND ${t}`).join('')} THEN 1 ELSE 0 END AS ok,\n    ${features
      .map((expr, j) => `${expr} AS f${j}`)
      .join(',\n    ')}\n  FROM ${previous}\n)`,
  );
  const k = model.centroidsScaled.length;
  const distances = model.centroidsScaled.map(
    (centre, c) =>
      `${centre.map((value, j) => `(f${j} - ${num(value)}) * (f${j} - ${num(value)})`).join(' + ')} AS d${c}`,
  );
  ctes.push(`d AS (\n  SELECT sid, ok,\n    ${distances.join(',\n    ')}\n  FROM f\n)`);
  const all = Array.from({ length: k }, (_, c) => `d${c}`);
  ctes.push(`m AS ${d.materialized}(\n  SELECT d.*, ${d.least}(${all.join(', ')}) AS best\n  FROM d\n)`);
  const segmentId = `CASE ${all.map((name, c) => `WHEN ${name} = best THEN ${c + 1}`).join(' ')} END`;
  const segment = `CASE ${all.map((name, c) => `WHEN ${name} = best THEN ${str(model.segments[c]?.name ?? `Segment ${c + 1}`)}`).join(' ')} END`;
  // A name in a comment stays on its line: no line break can end the comment early.
  // eslint-disable-next-line no-control-regex
  const comment = (text: string) => text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  return [
    `-- Segment Studio scoring SQL (${options.dialect})`,
    `-- Model ${model.id} "${comment(model.name)}", trained ${model.createdAt}; recipe version ${recipe?.version ?? 'none'}`,
    `-- Returns every customer's segment_id (1-based), segment and distance, as "assign" does;`,
    `-- a customer the recipe leaves out (a blank in a "drop" column) gets NULLs.`,
    `WITH ${ctes.join(',\n')}`,
    `SELECT sid AS ${d.id(idColumn)},`,
    `  CASE WHEN ok = 1 THEN ${segmentId} END AS segment_id,`,
    `  CASE WHEN ok = 1 THEN ${segment} END AS segment,`,
    `  CASE WHEN ok = 1 THEN SQRT(best) END AS distance`,
    'FROM m',
    '',
  ].join('\n');
}

/** A table name, each dot-separated part quoted for the dialect. */
function tableName(table: string, d: Dialect): string {
  return table
    .split('.')
    .map((part) => d.id(part))
    .join('.');
}

interface SqlWords {
  d: Dialect;
  str: (text: string) => string;
  dbl: (expr: string) => string;
}

/**
 * A transaction log summed per customer in SQL, as the app's `LogAggregator` does it: row filters
 * first, then lines without a customer, then cancellations (an invoice with the prefix, a negative
 * quantity or amount) left out or netted; purchases are distinct invoices (or days); recency and
 * tenure count to the reference day the model learned. Returns the CTEs (`lines`, `kept`, `agg`)
 * and each aggregated column's expression over `agg`.
 */
function transactionCtes(
  spec: NonNullable<Recipe['options']['transactions']>,
  aggregate: Extract<RecipeStep, { step: 'aggregate' }>,
  needed: string[],
  table: string,
  { d, str, dbl }: SqlWords,
): { ctes: string[]; columns: Map<string, string> } {
  if (aggregate.dateOrder !== 'ymd') {
    throw new AppError(
      'NOT_AVAILABLE',
      `The log's dates were written day/month (${aggregate.dateOrder}): the scoring SQL reads ISO dates or DATE columns only. ` +
        'Convert the date column in the warehouse, or score the log with `assign`.',
    );
  }
  const ranked = needed.filter((n) => ['r_score', 'f_score', 'm_score', 'rfm_group'].includes(n));
  if (ranked.length > 0) {
    throw new AppError(
      'RECIPE_MISMATCH',
      `The model uses ${ranked.map((n) => `"${n}"`).join(', ')}, which rank the customers of its training file among ` +
        'themselves: no SQL can score other customers on them.',
    );
  }
  const missing = `(${MISSING_CELLS.map(str).join(', ')})`;
  const textOf = (column: string) => {
    const trimmed = `TRIM(CAST(${d.id(column)} AS ${d.text}))`;
    return `CASE WHEN ${d.id(column)} IS NULL OR LOWER(${trimmed}) IN ${missing} THEN '' ELSE ${trimmed} END`;
  };
  const number = (column: string | undefined) => (column ? dbl(d.id(column)) : 'NULL');
  const value = spec.price && spec.quantity ? `${number(spec.quantity)} * ${number(spec.price)}` : number(spec.amount);
  const filters = (spec.exclude ?? []).map(
    (f) => `${textOf(f.column)} IN (${f.values.map((v) => str(v.trim())).join(', ')})`,
  );
  const prefix = spec.cancelPrefix ?? 'C';
  const cancel = [
    ...(prefix !== '' ? [`SUBSTR(inv, 1, ${prefix.length}) = ${str(prefix)}`] : []),
    'COALESCE(q < 0, FALSE)',
    'val < 0',
  ].join(' OR ');
  const contributes = spec.returns === 'net' ? '1 = 1' : 'cancel = 0';
  const purchase = spec.invoice ? 'inv' : 'day';
  const amountName = spec.price ? 'amount' : (spec.amount as string);
  const categories = needed.filter((n) => spec.category && n.startsWith(`${amountName}_`));
  const ctes = [
    `lines AS (\n  SELECT ${textOf(spec.customer)} AS cust,\n    ${d.date(d.id(spec.date))} AS day,\n    ${number(spec.quantity)} AS q,\n    COALESCE(${value}, 0) AS val,\n    ${spec.invoice ? textOf(spec.invoice) : "''"} AS inv,\n    ${spec.category ? textOf(spec.category) : "''"} AS cat,\n    ${filters.length > 0 ? `CASE WHEN ${filters.join(' OR ')} THEN 1 ELSE 0 END` : '0'} AS flt\n  FROM ${table}\n)`,
    `kept AS (\n  SELECT lines.*, CASE WHEN ${cancel} THEN 1 ELSE 0 END AS cancel\n  FROM lines\n  WHERE flt = 0 AND cust <> ''\n)`,
    `agg AS (\n  SELECT cust,\n    MAX(CASE WHEN cancel = 0 THEN day END) AS last_day,\n    MIN(CASE WHEN cancel = 0 THEN day END) AS first_day,\n    COUNT(DISTINCT CASE WHEN cancel = 0 THEN ${purchase} END) AS purchases,\n    SUM(CASE WHEN ${contributes} THEN val ELSE 0 END) AS total,\n    SUM(CASE WHEN ${contributes} AND q IS NOT NULL THEN q ELSE 0 END) AS quantity,\n    SUM(cancel) AS returns_count,\n    SUM(CASE WHEN cancel = 1 THEN ABS(val) ELSE 0 END) AS returns_value${categories
      .map(
        (name, i) =>
          `,\n    SUM(CASE WHEN ${contributes} AND cat = ${str(name.slice(amountName.length + 1))} THEN val ELSE 0 END) AS cat${i}`,
      )
      .join(
        '',
      )}\n  FROM kept\n  GROUP BY cust\n  HAVING COUNT(DISTINCT CASE WHEN cancel = 0 THEN ${purchase} END) > 0\n)`,
  ];
  const columns = new Map<string, string>([
    ['recency_days', d.daysTo('last_day', aggregate.reference)],
    ['frequency', 'purchases'],
    ['monetary', 'total'],
    ['tenure_days', d.daysTo('first_day', aggregate.reference)],
    ['average_order_value', `${dbl('total')} / purchases`],
    ['returns_count', 'returns_count'],
    ['returns_value', 'returns_value'],
    ['quantity', 'quantity'],
  ]);
  categories.forEach((name, i) => columns.set(name, `cat${i}`));
  for (const name of needed) {
    if (!columns.has(name)) {
      throw new AppError('INTERNAL', `The scoring SQL does not make the transaction log's column "${name}".`);
    }
  }
  return { ctes, columns };
}
