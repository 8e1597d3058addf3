/**
 * The value table of a model, read from the store by the worker (opened read-only): each customer's
 * segment, the value column's file values (never the capped ones: a segment's revenue is what its
 * customers spent), and every 0/1 column, found in one scan. See shared/segments/value.ts.
 */
import { AppError } from '../../../shared/errors';
import { guessValueColumn, segmentValue, type SegmentValue } from '../../../shared/segments/value';
import { chosenValueColumn, columnsOf, datasetRecipe, datasetRow } from '../store/datasets';
import { RFM_GROUPS } from '../../../shared/import/rfmScores';
import { getModel } from '../store/models';
import type { Db } from '../store/db';

export function readSegmentValue(db: Db, modelId: number, chosen: string | null | undefined): SegmentValue {
  const model = getModel(db, modelId);
  const dataset = datasetRow(db, model.datasetId);
  const numeric = columnsOf(db, model.datasetId).filter((c) => c.kind === 'numeric');
  // The column asked for, else the one the user chose for the dataset, else the one the app recognises.
  const kept = chosen === undefined ? chosenValueColumn(db, model.datasetId) : chosen;
  const columnName = kept === undefined ? guessValueColumn(numeric, datasetRecipe(db, model.datasetId)) : kept;
  const valueColumn = columnName === null ? null : numeric.find((c) => c.name === columnName);
  if (columnName !== null && !valueColumn) {
    throw new AppError(
      'UNKNOWN_COLUMN',
      `Dataset "${dataset.name}" has no numeric column "${columnName}" to value customers by.`,
    );
  }
  const sqlOf = (c: (typeof numeric)[number]) => c.originalSql ?? c.sqlName;
  // The 0/1 columns, in one scan: no value other than 0 and 1, and both present.
  const flags =
    numeric.length === 0
      ? []
      : (() => {
          const counts = db
            .prepare(
              `SELECT ${numeric
                .map(
                  (c) =>
                    `SUM(${sqlOf(c)} IS NOT NULL AND ${sqlOf(c)} NOT IN (0, 1)), SUM(${sqlOf(c)} = 1), SUM(${sqlOf(c)} = 0)`,
                )
                .join(', ')} FROM ${dataset.table_name}`,
            )
            .raw()
            .get() as (number | null)[];
          return numeric.filter(
            (_, j) => (counts[3 * j] ?? 0) === 0 && (counts[3 * j + 1] ?? 0) > 0 && (counts[3 * j + 2] ?? 0) > 0,
          );
        })();
  const read = [...(valueColumn ? [valueColumn] : []), ...flags];
  const n = dataset.row_count;
  const labels = new Int32Array(n).fill(-1);
  const values = read.map(() => new Float64Array(n));
  const rows = db
    .prepare(
      `SELECT a.cluster${read.map((c) => `, d.${sqlOf(c)}`).join('')}
       FROM ${dataset.table_name} AS d LEFT JOIN assignments AS a ON a.model_id = ? AND a.row_id = d.row_id
       ORDER BY d.row_id`,
    )
    .raw();
  let i = 0;
  for (const row of rows.iterate(modelId) as Iterable<(number | null)[]>) {
    labels[i] = row[0] ?? -1;
    for (let j = 0; j < read.length; j++) values[j][i] = row[j + 1] ?? Number.NaN;
    i++;
  }
  const table = segmentValue(
    labels,
    model.k,
    valueColumn ? { name: valueColumn.name, values: values[0] } : null,
    flags.map((c, j) => ({ name: c.name, values: values[j + (valueColumn ? 1 : 0)] })),
  );
  // A transaction log's RFM groups beside the segments: the two ways of dividing the same customers.
  const groupColumn = columnsOf(db, model.datasetId).find((c) => c.name === 'rfm_group' && c.kind === 'categorical');
  if (!groupColumn) return table;
  const pairs = db
    .prepare(
      `SELECT a.cluster, d.${groupColumn.sqlName}, COUNT(*) FROM ${dataset.table_name} AS d
       JOIN assignments AS a ON a.model_id = ? AND a.row_id = d.row_id GROUP BY 1, 2`,
    )
    .raw()
    .all(modelId) as [number, string | null, number][];
  const order = RFM_GROUPS.map((g) => g.name);
  const levels = [...new Set(pairs.map(([, level]) => level ?? 'Unscored'))].sort(
    (x, y) => (order.indexOf(x) + 1 || 99) - (order.indexOf(y) + 1 || 99),
  );
  const counts = Array.from({ length: model.k }, () => new Array<number>(levels.length).fill(0));
  for (const [cluster, level, n] of pairs) counts[cluster][levels.indexOf(level ?? 'Unscored')] += n;
  return { ...table, groups: { column: groupColumn.name, levels, counts } };
}
