import { AppError } from '../../../shared/errors';
import type { DatasetSummary } from '../../../shared/domain';
import { parseRecipe, withDerivedStep, type Recipe } from '../../../shared/import/recipe';
import type { Meaning } from '../../../shared/segments/meanings';
import type { Db } from './db';
import { columnsOf, datasetRecipe, datasetRow, datasetSummary, storedColumns } from './datasets';

/**
 * The data summary's one-click fixes to a stored dataset: leave a column out of segmentation (or
 * take it back), read whole-number codes as categories (or back as numbers), add log(1 + x). Each
 * one that changes what a model reads is recorded in the dataset's recipe.
 */

/** Leave a column out of segmentation, or take it back in (the data summary's fixes). */
export function setColumnExcluded(db: Db, datasetId: number, column: string, excluded: boolean): DatasetSummary {
  const found = storedColumns(db, datasetId).find((c) => c.name === column);
  if (!found) throw new AppError('UNKNOWN_COLUMN', `Dataset ${datasetId} has no column "${column}".`);
  db.prepare('UPDATE dataset_columns SET excluded = ? WHERE dataset_id = ? AND name = ?').run(
    excluded ? 1 : 0,
    datasetId,
    column,
  );
  return datasetSummary(db, datasetId);
}

/**
 * Read a column of whole numbers as categories ("Region" 1, 2, 3 are names, not amounts), or back
 * as numbers. Only a column stored as numbers can go either way; the recipe records the choice, so
 * a replay reads the raw file's column the same way.
 */
export function setColumnKind(
  db: Db,
  datasetId: number,
  column: string,
  kind: 'categorical' | 'numeric',
): DatasetSummary {
  const row = datasetRow(db, datasetId);
  const stored = columnsOf(db, datasetId).find((c) => c.name === column);
  if (!stored) throw new AppError('UNKNOWN_COLUMN', `Dataset "${row.name}" has no column "${column}".`);
  const sqlType = (db
    .prepare(`SELECT type FROM pragma_table_info('${row.table_name}') WHERE name = ?`)
    .pluck()
    .get(stored.sqlName) ?? '') as string;
  if (sqlType !== 'REAL') {
    throw new AppError(
      'COLUMN_NOT_NUMERIC',
      `Column "${column}" was not read as numbers, so it cannot switch between numbers and categories.`,
    );
  }
  if (kind === 'categorical') {
    const counts = db
      .prepare(
        `SELECT COUNT(DISTINCT ${stored.sqlName}) AS levels, SUM(${stored.sqlName} != CAST(${stored.sqlName} AS INTEGER)) AS fractions FROM ${row.table_name}`,
      )
      .get() as { levels: number; fractions: number | null };
    if ((counts.fractions ?? 0) > 0 || counts.levels > 50) {
      throw new AppError(
        'COLUMN_NOT_CODE',
        `Column "${column}" has ${(counts.fractions ?? 0) > 0 ? 'fractions' : `${counts.levels} different values`}: only whole numbers with at most 50 values can be read as categories.`,
      );
    }
  }
  db.transaction(() => {
    db.prepare('UPDATE dataset_columns SET kind = ?, note = ? WHERE dataset_id = ? AND name = ?').run(
      kind,
      kind === 'categorical' ? `set to category: its numbers name groups` : 'set back to numbers',
      datasetId,
      column,
    );
    const recipe = datasetRecipe(db, datasetId);
    if (recipe) {
      const next = {
        ...recipe,
        options: { ...recipe.options, kinds: { ...recipe.options.kinds, [column]: kind } },
        columns: recipe.columns.map((c) => (c.name === column ? { ...c, kind } : c)),
      };
      db.prepare('UPDATE datasets SET recipe = ? WHERE id = ?').run(JSON.stringify(next), datasetId);
    }
  })();
  return datasetSummary(db, datasetId);
}

/**
 * Add log(1 + x) of a numeric column as a new numeric column of the dataset ("Spend (log)"), in
 * one transaction; the original stays. Values ≤ −1 and blanks stay blank.
 */
export function addLogColumn(db: Db, datasetId: number, column: string): DatasetSummary {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  const source = columns.find((c) => c.name === column);
  if (!source) throw new AppError('UNKNOWN_COLUMN', `Dataset "${row.name}" has no column "${column}".`);
  if (source.kind !== 'numeric') throw new AppError('COLUMN_NOT_NUMERIC', `Column "${column}" is not numeric.`);
  let name = `${column} (log)`;
  for (let i = 2; columns.some((c) => c.name === name); i++) name = `${column} (log ${i})`;
  // The next free cN (cleaned columns' file values take some after the columns).
  const used = new Set(columns.flatMap((c) => [c.sqlName, c.originalSql]));
  let next = columns.length;
  while (used.has(`c${next}`)) next++;
  const sqlName = `c${next}`;
  // One statement in SQLite (log(1 + x); blank at or below −1), not a row-by-row copy through JavaScript.
  db.function('segment_log1p', { deterministic: true }, (v: unknown) =>
    typeof v === 'number' && v > -1 ? Math.log1p(v) : null,
  );
  db.transaction(() => {
    db.exec(`ALTER TABLE ${row.table_name} ADD COLUMN ${sqlName} REAL`);
    db.exec(`UPDATE ${row.table_name} SET ${sqlName} = segment_log1p(${source.sqlName})`);
    const missing = db
      .prepare(`SELECT COUNT(*) FROM ${row.table_name} WHERE ${sqlName} IS NULL`)
      .pluck()
      .get() as number;
    db.prepare(
      'INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(datasetId, columns.length, name, sqlName, 'numeric', missing, `derived: log1p(${column})`);
    // The recipe gains the step, so a model trained on the new column replays it on a raw file.
    const recipe = datasetRecipe(db, datasetId);
    if (recipe) {
      const step = { step: 'derive' as const, name, template: 'log1p' as const, columns: [column], blanks: missing };
      db.prepare('UPDATE datasets SET recipe = ? WHERE id = ?').run(
        JSON.stringify(withDerivedStep(recipe, step)),
        datasetId,
      );
    }
  })();
  return datasetSummary(db, datasetId);
}

/**
 * What a column means to a marketer (or "none") and its friendly label, set on the dataset page:
 * kept in the dataset's recipe (as a chosen option too, so `import --recipe` gives them back) and
 * in the recipes of the dataset's models, whose traits, cards, charts and report use them at once.
 * Names already given to segments stay as they are; a new model is named by the new meanings.
 */
export function setColumnMeaning(
  db: Db,
  datasetId: number,
  column: string,
  meaning: Meaning | 'none',
  label: string,
): DatasetSummary {
  const row = datasetRow(db, datasetId);
  if (!columnsOf(db, datasetId).some((c) => c.name === column)) {
    throw new AppError('UNKNOWN_COLUMN', `Dataset "${row.name}" has no column "${column}".`);
  }
  const recipe = datasetRecipe(db, datasetId);
  if (!recipe) {
    throw new AppError(
      'NOT_AVAILABLE',
      `Dataset "${row.name}" was imported before recipes were kept: import its file again to set what its columns mean.`,
    );
  }
  const update = (r: Recipe): Recipe => ({
    ...r,
    options: {
      ...r.options,
      meanings: { ...r.options.meanings, [column]: meaning },
      labels: { ...r.options.labels, [column]: label },
    },
    columns: r.columns.map((c) =>
      c.name === column ? { ...c, meaning: meaning === 'none' ? null : meaning, label } : c,
    ),
  });
  db.transaction(() => {
    db.prepare('UPDATE datasets SET recipe = ? WHERE id = ?').run(JSON.stringify(update(recipe)), datasetId);
    const models = db
      .prepare('SELECT id, recipe FROM models WHERE dataset_id = ? AND recipe IS NOT NULL')
      .all(datasetId) as {
      id: number;
      recipe: string;
    }[];
    for (const model of models) {
      const own = parseRecipe(JSON.parse(model.recipe), `The recipe of model ${model.id}`);
      if (!own.columns.some((c) => c.name === column)) continue;
      db.prepare('UPDATE models SET recipe = ? WHERE id = ?').run(JSON.stringify(update(own)), model.id);
    }
  })();
  return datasetSummary(db, datasetId);
}
