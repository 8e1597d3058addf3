import { AppError } from '../../../shared/errors';
import type {
  CellValue,
  ColumnKind,
  ColumnSummary,
  DatasetDetail,
  DatasetSummary,
  ImportAccount,
} from '../../../shared/domain';
import type { DatasetDescription } from '../../../shared/import/describe';
import type { Db } from './db';
import { parseRecipe, type Recipe } from '../../../shared/import/recipe';
import { datasetSetupSchema, type DatasetSetup } from '../../../shared/setup';

export interface DatasetRow {
  id: number;
  name: string;
  file_name: string;
  table_name: string;
  row_count: number;
  created_at: string;
  import_account: string | null;
  recipe: string | null;
  /** The value column the user chose (NULL: the one the app recognises; '': none). */
  value_column: string | null;
}

interface ColumnRow {
  name: string;
  sql_name: string;
  kind: ColumnKind;
  missing: number;
  note: string | null;
  excluded: number;
  original_sql: string | null;
}

export interface StoredColumn extends ColumnSummary {
  sqlName: string;
  /** Where the file's values of a cleaned column are kept (absent: the stored values are the file's). */
  originalSql?: string;
}

export function columnsOf(db: Db, datasetId: number): StoredColumn[] {
  const rows = db
    .prepare(
      'SELECT name, sql_name, kind, missing, note, excluded, original_sql FROM dataset_columns WHERE dataset_id = ? ORDER BY position',
    )
    .all(datasetId) as ColumnRow[];
  return rows.map((r) => ({
    name: r.name,
    sqlName: r.sql_name,
    kind: r.kind,
    missing: r.missing,
    ...(r.note ? { note: r.note } : {}),
    ...(r.excluded ? { excluded: true } : {}),
    ...(r.original_sql ? { originalSql: r.original_sql } : {}),
  }));
}

/** What the user last set up on a dataset (features, scaling, k), or null. */
function datasetSetup(db: Db, datasetId: number): DatasetSetup | null {
  const text = db.prepare('SELECT setup FROM dataset_setups WHERE dataset_id = ?').pluck().get(datasetId) as
    string | undefined;
  if (!text) return null;
  const parsed = datasetSetupSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** Remember a dataset's setup (replacing the last one). */
export function saveDatasetSetup(db: Db, datasetId: number, setup: DatasetSetup): DatasetSummary {
  datasetRow(db, datasetId);
  db.prepare(
    `INSERT INTO dataset_setups (dataset_id, setup, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(dataset_id) DO UPDATE SET setup = excluded.setup, updated_at = excluded.updated_at`,
  ).run(datasetId, JSON.stringify(setup), new Date().toISOString());
  return datasetSummary(db, datasetId);
}

/** The value column the user chose for a dataset's value table: a name, null for none, undefined: not chosen. */
export function chosenValueColumn(db: Db, datasetId: number): string | null | undefined {
  const chosen = datasetRow(db, datasetId).value_column;
  return chosen === null ? undefined : chosen === '' ? null : chosen;
}

/** Keep the value column the user chose (null: none) for the value table of every model of the dataset. */
export function setValueColumn(db: Db, datasetId: number, column: string | null): void {
  const row = datasetRow(db, datasetId);
  if (column !== null && !columnsOf(db, datasetId).some((c) => c.name === column && c.kind === 'numeric')) {
    throw new AppError(
      'UNKNOWN_COLUMN',
      `Dataset "${row.name}" has no numeric column "${column}" to value customers by.`,
    );
  }
  db.prepare('UPDATE datasets SET value_column = ? WHERE id = ?').run(column ?? '', datasetId);
}

/** A dataset's recipe (null for one imported before recipes were kept, or a model file's dataset). */
export function datasetRecipe(db: Db, datasetId: number): Recipe | null {
  const row = datasetRow(db, datasetId);
  return row.recipe ? parseRecipe(JSON.parse(row.recipe), `The recipe of dataset ${datasetId}`) : null;
}

function toSummary(db: Db, row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    fileName: row.file_name,
    rows: row.row_count,
    createdAt: row.created_at,
    columns: columnsOf(db, row.id).map(({ sqlName: _sqlName, originalSql: _originalSql, ...c }) => c),
    import: row.import_account ? (JSON.parse(row.import_account) as ImportAccount) : null,
    recipe: row.recipe ? (JSON.parse(row.recipe) as Recipe) : null,
    setup: datasetSetup(db, row.id),
  };
}

export function datasetRow(db: Db, datasetId: number): DatasetRow {
  const row = db.prepare('SELECT * FROM datasets WHERE id = ?').get(datasetId) as DatasetRow | undefined;
  if (!row) throw new AppError('DATASET_NOT_FOUND', `There is no dataset ${datasetId}.`);
  return row;
}

/** A new dataset's name, its file's name and its recipe. */
export interface DatasetMeta {
  name: string;
  fileName: string;
  recipe?: Recipe | null;
}

export function datasetSummary(db: Db, datasetId: number): DatasetSummary {
  return toSummary(db, datasetRow(db, datasetId));
}

export function listDatasets(db: Db): DatasetSummary[] {
  const rows = db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[];
  return rows.map((r) => toSummary(db, r));
}

export function getDataset(db: Db, datasetId: number, previewRows = 20): DatasetDetail {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  const preview = db
    .prepare(`SELECT ${columns.map((c) => c.sqlName).join(', ')} FROM ${row.table_name} ORDER BY row_id LIMIT ?`)
    .raw()
    .all(previewRows) as CellValue[][];
  return { ...toSummary(db, row), preview };
}

export function storedColumns(db: Db, datasetId: number): StoredColumn[] {
  datasetRow(db, datasetId);
  return columnsOf(db, datasetId);
}

/** The data summary stored with a dataset, if it was computed for these columns (`signature`). */
export function cachedDescription(db: Db, datasetId: number, signature: string): DatasetDescription | null {
  const row = db
    .prepare('SELECT signature, description FROM dataset_descriptions WHERE dataset_id = ?')
    .get(datasetId) as { signature: string; description: string } | undefined;
  return row && row.signature === signature ? (JSON.parse(row.description) as DatasetDescription) : null;
}

export function saveDescription(db: Db, datasetId: number, signature: string, description: DatasetDescription): void {
  db.prepare(
    `INSERT INTO dataset_descriptions (dataset_id, signature, description, computed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(dataset_id) DO UPDATE SET signature = excluded.signature, description = excluded.description,
       computed_at = excluded.computed_at`,
  ).run(datasetId, signature, JSON.stringify(description), new Date().toISOString());
}
