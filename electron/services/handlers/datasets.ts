import type { Handlers } from '../../../shared/api/contract';
import {
  cachedDescription,
  datasetSummary,
  getDataset,
  listDatasets,
  saveDatasetSetup,
  saveDescription,
  storedColumns,
} from '../store/datasets';
import { readFeatures } from '../store/datasetRows';
import { addLogColumn, setColumnExcluded, setColumnKind, setColumnMeaning } from '../store/columnFixes';
import type { ServiceContext } from './context';

/** Raise when the data summary's contents change, so stored summaries are computed again. */
const DESCRIBE_VERSION = 4;

/** Datasets: listing, one summary, the data summary (computed in the worker, kept), column fixes. */
export function datasetHandlers({
  db,
  jobs,
  progressFor,
}: ServiceContext): Pick<
  Handlers,
  | 'listDatasets'
  | 'getDataset'
  | 'datasetSummary'
  | 'fixColumn'
  | 'setColumnMeaning'
  | 'describeDataset'
  | 'saveDatasetSetup'
> {
  return {
    listDatasets: () => listDatasets(db),
    getDataset: ({ datasetId }) => getDataset(db, datasetId),
    datasetSummary: ({ datasetId }) => datasetSummary(db, datasetId),
    saveDatasetSetup: ({ datasetId, setup }) => saveDatasetSetup(db, datasetId, setup),
    fixColumn: ({ datasetId, column, fix }) =>
      fix === 'log1p'
        ? addLogColumn(db, datasetId, column)
        : fix === 'as-category' || fix === 'as-number'
          ? setColumnKind(db, datasetId, column, fix === 'as-category' ? 'categorical' : 'numeric')
          : setColumnExcluded(db, datasetId, column, fix === 'leave-out'),
    setColumnMeaning: ({ datasetId, column, meaning, label }) =>
      setColumnMeaning(db, datasetId, column, meaning, label),
    describeDataset: async ({ jobId, datasetId }) => {
      const usable = storedColumns(db, datasetId).filter((c) => c.kind === 'numeric' || c.kind === 'categorical');
      const names = usable.map((c) => c.name);
      // A dataset's rows never change, so its summary is kept until its columns do (a fix adds one,
      // or reads a code as categories).
      const signature = JSON.stringify({ version: DESCRIBE_VERSION, columns: usable.map((c) => [c.name, c.kind]) });
      const cached = cachedDescription(db, datasetId, signature);
      if (cached) return cached;
      const raw =
        names.length > 0
          ? readFeatures(db, datasetId, names)
          : { rows: getDataset(db, datasetId, 0).rows, numeric: [], categorical: [] };
      const description = await jobs.run(jobId, { kind: 'describe', input: raw }, progressFor(jobId));
      saveDescription(db, datasetId, signature, description);
      return description;
    },
  };
}
