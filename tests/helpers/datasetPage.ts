import type { DatasetSummary } from '../../shared/domain';
import { describeData } from '../../shared/import/describe';
import type { ParsedTable } from '../../shared/import/table';

/** A parsed table as the dataset page sees it: its summary and the data summary of its number columns. */
export function datasetPage(name: string, table: ParsedTable) {
  const dataset: DatasetSummary = {
    id: 1,
    name,
    fileName: name,
    rows: table.rowCount,
    columns: table.columns.map(({ name: n, kind, missing }) => ({ name: n, kind, missing })),
    createdAt: '',
    import: null,
    recipe: null,
    setup: null,
  };
  const description = describeData({
    rows: table.rowCount,
    numeric: table.columns
      .filter((c) => c.kind === 'numeric')
      .map((c) => ({ name: c.name, values: c.values as Float64Array })),
    categorical: [],
  });
  return { dataset, description };
}
