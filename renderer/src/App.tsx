import { useCallback, useEffect, useState } from 'react';
import { useClient } from './hooks/useClient';
import { useAsync } from './hooks/useAsync';
import { ImportDataset } from './components/ImportDataset';
import { ImportModel } from './components/ImportModel';
import { DatasetPage } from './pages/DatasetPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { ReportPage } from './report/ReportPage';
import { Presentation } from './present/Presentation';
import { downloadBase64 } from './download';
import { Guide } from './components/Guide';
import { parseReportRoute, type ReportOverrides } from '../../shared/report/settings';
import { UserText } from './components/UserText';
import { isDatasetStep, type DatasetStep, type ModelStep } from './flow';
import styles from './App.module.css';

export type Route =
  | { page: 'dataset'; datasetId: number; step?: DatasetStep }
  | { page: 'model'; modelId: number; step?: ModelStep }
  | { page: 'report'; modelId: number; overrides: ReportOverrides }
  | { page: 'present'; modelId: number }
  | { page: 'home' };

/**
 * Where the app opens: `#report/ID` (the PDF printers load this), `#present/ID`, the dataset or
 * model last shown with its step (`#dataset/ID/explore`, `#model/ID/share`: a reload, back and
 * forward come back to it), or home.
 */
function initialRoute(): Route {
  const report = parseReportRoute(window.location.hash);
  if (report) return { page: 'report', ...report };
  const present = /^#present\/(\d+)$/.exec(window.location.hash);
  if (present) return { page: 'present', modelId: Number(present[1]) };
  const dataset = /^#dataset\/(\d+)(?:\/(\w+))?$/.exec(window.location.hash);
  if (dataset) {
    const step = dataset[2];
    return { page: 'dataset', datasetId: Number(dataset[1]), ...(step && isDatasetStep(step) ? { step } : {}) };
  }
  const model = /^#model\/(\d+)(?:\/(share))?$/.exec(window.location.hash);
  if (model) return { page: 'model', modelId: Number(model[1]), ...(model[2] ? { step: 'share' as const } : {}) };
  return { page: 'home' };
}

/** The address of a dataset or model page and its step, kept in the hash so a reload returns to it. */
const routeHash = (route: Route): string | null =>
  route.page === 'dataset'
    ? `#dataset/${route.datasetId}${route.step && route.step !== 'data' ? `/${route.step}` : ''}`
    : route.page === 'model'
      ? `#model/${route.modelId}${route.step === 'share' ? '/share' : ''}`
      : null;

export function App() {
  const { api, onEvent } = useClient();
  const [guideOpen, setGuideOpen] = useState(false);
  const closeGuide = useCallback(() => setGuideOpen(false), []);
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'command' && event.command === 'guide') setGuideOpen(true);
      }),
    [onEvent],
  );
  const datasets = useAsync(() => api.listDatasets({}), [api]);
  const info = useAsync(() => api.appInfo({}), [api]);
  const [route, setRoute] = useState<Route>(initialRoute);
  const exitToModel = useCallback((modelId: number) => setRoute({ page: 'model', modelId }), []);
  const downloadReport = useCallback(
    async (modelId: number) => {
      const { fileName, pdfBase64 } = await api.exportReportPdf({ modelId });
      downloadBase64(fileName, pdfBase64, 'application/pdf');
    },
    [api],
  );

  // Each place is an entry in the history (back and forward move between them); the first one
  // replaces the empty address, so back never lands on a blank page that opens the sample again.
  useEffect(() => {
    const hash = routeHash(route);
    if (hash && window.location.hash !== hash) {
      const url = window.location.pathname + window.location.search + hash;
      if (window.location.hash === '') window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
  }, [route]);
  useEffect(() => {
    const onPop = () => setRoute(initialRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

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
  if (route.page === 'report') {
    const { modelId } = route;
    return (
      <ReportPage
        modelId={modelId}
        overrides={route.overrides}
        onClose={() => exitToModel(modelId)}
        onDownload={() => downloadReport(modelId)}
      />
    );
  }
  if (route.page === 'present') {
    const { modelId } = route;
    return <Presentation modelId={modelId} onExit={() => exitToModel(modelId)} />;
  }
  return (
    <div className={styles.app}>
      <header className={styles.appHeader}>
        <h1 className={styles.appTitle}>Segment Studio</h1>
        <ImportDataset onImported={onImported} />
        <ImportModel
          onImported={(modelId) => {
            datasets.reload();
            setRoute({ page: 'model', modelId });
          }}
        />
        <button type="button" className={`button button--link ${styles.appHelp}`} onClick={() => setGuideOpen(true)}>
          Help
        </button>
      </header>
      {guideOpen && <Guide onClose={closeGuide} />}
      <div className={styles.appBody}>
        <nav className={styles.appNav} aria-label="Datasets">
          <h2>Datasets</h2>
          {datasets.data?.length === 0 && <p className="muted">No datasets yet. Import a CSV file.</p>}
          <ul>
            {datasets.data?.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  className={currentDataset === d.id ? `${styles.navItem} ${styles.navItemActive}` : styles.navItem}
                  aria-current={currentDataset === d.id ? 'page' : undefined}
                  onClick={() => setRoute({ page: 'dataset', datasetId: d.id })}
                >
                  <span className={styles.navItemName}>
                    <UserText>{d.name}</UserText>
                  </span>
                  <span className={styles.navItemMeta}>{d.rows.toLocaleString()} customers</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className={styles.appMain}>
          {route.page === 'dataset' && (
            <DatasetPage
              key={route.datasetId}
              datasetId={route.datasetId}
              step={route.step ?? 'data'}
              isSample={info.data?.sampleDatasetId === route.datasetId}
              onStep={(step) => setRoute({ page: 'dataset', datasetId: route.datasetId, step })}
              onOpenModel={(modelId, step) => setRoute({ page: 'model', modelId, ...(step ? { step } : {}) })}
            />
          )}
          {route.page === 'model' && (
            <SegmentsPage
              key={route.modelId}
              modelId={route.modelId}
              step={route.step ?? 'segments'}
              onStep={(step) => setRoute({ page: 'model', modelId: route.modelId, step })}
              onBack={(datasetId, step) => setRoute({ page: 'dataset', datasetId, ...(step ? { step } : {}) })}
              onOpenReport={() => setRoute({ page: 'report', modelId: route.modelId, overrides: {} })}
              onPresent={() => setRoute({ page: 'present', modelId: route.modelId })}
              onDownloadReport={() => downloadReport(route.modelId)}
            />
          )}
          {route.page === 'home' && !datasets.loading && <p className="muted">Import a CSV file to begin.</p>}
        </main>
      </div>
    </div>
  );
}
