/**
 * The labelled customers, as every export writes them (CSV or a streamed workbook), formatted in
 * the worker — which opens the store read-only — so the main process never formats row by row.
 *
 * What is written keeps the truth: the file's own values under the file's column names (a cleaned
 * column's file values, kept beside it at import), then segment_id and segment. The cleaned and
 * derived values only when asked, as clearly named extra columns ("Income (cleaned)", derived
 * columns by their names), so a re-import into a CRM can never overwrite real data with them.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parquetBytes } from './parquet';
import { once } from 'node:events';
import type { CellValue } from '../../../shared/domain';
import { csvLine } from '../../../shared/csv';
import { datasetRecipe, datasetRow, columnsOf } from '../store/datasets';
import { getModel } from '../store/models';
import type { Db } from '../store/db';
import { XlsxStreamWriter } from './xlsxStream';

export interface LabelledExport {
  modelId: number;
  format: 'csv' | 'xlsx' | 'parquet';
  /** Add the cleaned values ("X (cleaned)") and the derived columns after the file's columns. */
  cleaned?: boolean;
  /** Write to this file (streamed); without it the CSV text or the workbook's bytes are returned. */
  outPath?: string;
}

export interface LabelledResult {
  rows: number;
  header: string[];
  csv?: string;
  bytes?: Uint8Array;
}

const PAGE_ROWS = 5_000;

/** The export's columns (name and where its values are) for a model's dataset. */
export function labelledColumns(db: Db, datasetId: number, cleaned: boolean) {
  const columns = columnsOf(db, datasetId);
  const recipe = datasetRecipe(db, datasetId);
  const derived = new Set([
    ...(recipe?.columns.filter((c) => c.role === 'derived').map((c) => c.name) ?? []),
    ...columns.filter((c) => c.note?.startsWith('derived:')).map((c) => c.name),
  ]);
  const fromFile = columns.filter((c) => !derived.has(c.name));
  const out = fromFile.map((c) => ({ name: c.name, sql: c.originalSql ?? c.sqlName }));
  if (cleaned) {
    const taken = new Set(columns.map((c) => c.name));
    for (const c of fromFile) {
      if (!c.originalSql) continue;
      let name = `${c.name} (cleaned)`;
      for (let i = 2; taken.has(name); i++) name = `${c.name} (cleaned ${i})`;
      taken.add(name);
      out.push({ name, sql: c.sqlName });
    }
    for (const c of columns) if (derived.has(c.name)) out.push({ name: c.name, sql: c.sqlName });
  }
  return out;
}

/** Write the model's labelled customers; progress after each page of rows. */
export async function writeLabelled(
  db: Db,
  job: LabelledExport,
  progress: (fraction: number, message: string) => void,
): Promise<LabelledResult> {
  const model = getModel(db, job.modelId);
  const dataset = datasetRow(db, model.datasetId);
  const columns = labelledColumns(db, model.datasetId, job.cleaned ?? false);
  const names = model.segments.map((s) => s.name);
  const header = [...columns.map((c) => c.name), 'segment_id', 'segment'];
  const total = dataset.row_count;
  // One query in one read transaction: a consistent snapshot even while the app imports.
  const select = db
    .prepare(
      `SELECT ${[...columns.map((c) => `d.${c.sql}`), 'a.cluster'].join(', ')}
       FROM ${dataset.table_name} AS d LEFT JOIN assignments AS a ON a.model_id = ? AND a.row_id = d.row_id
       ORDER BY d.row_id`,
    )
    .raw();

  const file = job.outPath ? createWriteStream(job.outPath) : null;
  const chunks: Uint8Array[] = [];
  const lines: string[] = [];
  const write = async (chunk: string | Uint8Array) => {
    if (file) {
      if (!file.write(chunk)) await once(file, 'drain');
    } else if (typeof chunk === 'string') lines.push(chunk);
    else chunks.push(chunk);
  };
  const pending: Uint8Array[] = [];
  const xlsx = job.format === 'xlsx' ? new XlsxStreamWriter('Customers', header, (c) => pending.push(c)) : null;
  const flushXlsx = async () => {
    for (const c of pending.splice(0)) await write(c);
  };
  if (!xlsx) await write(`${csvLine(header)}\r\n`);

  let rows = 0;
  let page: CellValue[][] = [];
  const flush = async () => {
    if (xlsx) {
      xlsx.addRows(page);
      await flushXlsx();
    } else await write(page.map((r) => `${csvLine(r)}\r\n`).join(''));
    rows += page.length;
    page = [];
    progress(
      rows / Math.max(total, 1),
      `Wrote ${rows.toLocaleString('en')} of ${total.toLocaleString('en')} customers`,
    );
  };
  if (job.format === 'parquet') {
    // Parquet is columnar: the customers are gathered, then written in one go.
    const all: CellValue[][] = [];
    for (const values of select.iterate(job.modelId) as Iterable<CellValue[]>) {
      const cluster = values.pop() as number | null;
      values.push(cluster === null ? null : cluster + 1, cluster === null ? null : names[cluster]);
      all.push(values);
      if (all.length % PAGE_ROWS === 0)
        progress(
          all.length / Math.max(total, 1),
          `Read ${all.length.toLocaleString('en')} of ${total.toLocaleString('en')} customers`,
        );
    }
    const bytes = parquetBytes(header, all);
    if (job.outPath) {
      await writeFile(job.outPath, bytes);
      return { rows: all.length, header };
    }
    return { rows: all.length, header, bytes };
  }
  for (const values of select.iterate(job.modelId) as Iterable<CellValue[]>) {
    const cluster = values.pop() as number | null;
    values.push(cluster === null ? null : cluster + 1, cluster === null ? null : names[cluster]);
    page.push(values);
    if (page.length === PAGE_ROWS) await flush();
  }
  if (page.length > 0 || rows === 0) await flush();
  if (xlsx) {
    await xlsx.finish();
    await flushXlsx();
  }
  if (file) {
    file.end();
    await once(file, 'finish');
    return { rows, header };
  }
  return xlsx ? { rows, header, bytes: new Uint8Array(Buffer.concat(chunks)) } : { rows, header, csv: lines.join('') };
}
