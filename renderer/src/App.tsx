import { useCallback, useEffect, useState } from 'react';
import { useClient } from './hooks/useClient';
import { useAsync } from './hooks/useAsync';
import { ImportDataset } from './components/ImportDataset';
import { ImportModel } from './components/ImportModel';
import { DatasetPage } from './pages/DatasetPage';
import { SegmentsPage } from './pages/SegmentsPage';

export type Route = { page: 'dataset'; datasetId: number } | { page: 'model'; modelId: number } | { page: 'home' };

export function App() {
  const { api } = useClient();
  const datasets = useAsync(() => api.listDatasets({}), [api]);
  const info = useAsync(() => api.appInfo({}), [api]);
  const [route, setRoute] = useState<Route>({ page: 'home' });

  // Open on the sample dataset (or the first one) so there is something real to look at.
  useEffect(() => {
    if (route.page !== 'home' || !datasets.data || !info.data) return;
    const first = info.data.sampleDatasetId ?? datasets.data[0]?.id;
    if (first !== undefined) setRoute({ page: 'dataset', datasetId: first });
  }, [route.page, datasets.data, info.data]);

  const onImported = useCallback(
    (datasetId: number) => {
      datasets.reload();
      setRoute({ page: 'dataset', datasetId });
    },
    [datasets],
  );

  const currentDataset = route.page === 'dataset' ? route.datasetId : null;
  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">Segment Studio</h1>
        <ImportDataset onImported={onImported} />
        <ImportModel
          onImported={(modelId) => {
            datasets.reload();
            setRoute({ page: 'model', modelId });
          }}
        />
      </header>
      <div className="app__body">
        <nav className="app__nav" aria-label="Datasets">
          <h2>Datasets</h2>
          {datasets.data?.length === 0 && <p className="muted">No datasets yet. Import a CSV file.</p>}
          <ul>
            {datasets.data?.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  className={`nav-item${currentDataset === d.id ? ' nav-item--active' : ''}`}
                  aria-current={currentDataset === d.id ? 'page' : undefined}
                  onClick={() => setRoute({ page: 'dataset', datasetId: d.id })}
                >
                  <span className="nav-item__name">{d.name}</span>
                  <span className="nav-item__meta">{d.rows.toLocaleString()} customers</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="app__main">
          {route.page === 'dataset' && (
            <DatasetPage
              key={route.datasetId}
              datasetId={route.datasetId}
              onOpenModel={(modelId) => setRoute({ page: 'model', modelId })}
            />
          )}
          {route.page === 'model' && (
            <SegmentsPage
              key={route.modelId}
              modelId={route.modelId}
              onBack={(datasetId) => setRoute({ page: 'dataset', datasetId })}
            />
          )}
          {route.page === 'home' && !datasets.loading && <p className="muted">Import a CSV file to begin.</p>}
        </main>
      </div>
    </div>
  );
}
