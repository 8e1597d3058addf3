import { useCallback, useEffect, useRef, useState } from 'react';
import { columnLabel } from '../../../shared/segments/meanings';
import { Stepper } from '../components/Stepper';
import { scrollToStep, stepSectionId, type DatasetStep, type ModelStep } from '../flow';
import { useClient } from '../hooks/useClient';
import { useAsync } from '../hooks/useAsync';
import { ErrorMessage } from '../components/ErrorMessage';
import { SegmentTable } from '../components/SegmentTable';
import { CompareMethods } from '../components/CompareMethods';
import { SegmentCards, type SegmentEdit } from '../components/SegmentCards';
import { AssignFile } from '../components/AssignFile';
import { CompareSnapshots } from '../components/CompareSnapshots';
import { SegmentValueCard } from '../components/SegmentValueCard';
import { TryCustomer, type TriedCustomer } from '../components/TryCustomer';
import { CompareSegments } from '../components/CompareSegments';
import { SegmentCharts } from '../components/SegmentCharts';
import { downloadBase64, downloadText } from '../download';
import { useJob } from '../hooks/useJob';
import { JobProgress } from '../components/JobProgress';
import { formatShare } from '../format';
import { ReportSettingsPanel } from '../report/ReportSettingsPanel';
import { UserText } from '../components/UserText';
import styles from './SegmentsPage.module.css';
import { startsSampleNote } from '../../../shared/report/summary';

const undoKey = (modelId: number) => `segment-studio:undo:${modelId}`;

/** The model's undo history kept in this window's session, or none (unreadable or from elsewhere). */
function readUndo(modelId: number): SegmentEdit[] {
  try {
    const parsed = JSON.parse(window.sessionStorage.getItem(undoKey(modelId)) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? (parsed as SegmentEdit[]).filter(
          (e) =>
            typeof e === 'object' &&
            e !== null &&
            Number.isInteger(e.cluster) &&
            ['name', 'strategy', 'description', 'colour'].includes(e.field) &&
            typeof e.before === 'string' &&
            typeof e.after === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

function writeUndo(modelId: number, history: SegmentEdit[]): void {
  try {
    window.sessionStorage.setItem(undoKey(modelId), JSON.stringify(history));
  } catch {
    // A full or unavailable session store only loses the undo history.
  }
}

export function SegmentsPage({
  modelId,
  step,
  onStep,
  onBack,
  onOpenReport,
  onPresent,
  onDownloadReport,
}: {
  modelId: number;
  /** The step of the work shown: the segments, or report and share (scrolled into view). */
  step: ModelStep;
  onStep: (step: ModelStep) => void;
  onBack: (datasetId: number, step?: DatasetStep) => void;
  onOpenReport: () => void;
  onPresent: () => void;
  onDownloadReport: () => Promise<void>;
}) {
  const { api, onEvent } = useClient();
  const model = useAsync(() => api.getModel({ modelId }), [api, modelId]);
  const [exportError, setExportError] = useState<Error | null>(null);
  // Exports carry the file's values; the cleaned and derived ones only when asked.
  const [withCleaned, setWithCleaned] = useState(false);
  const exportRef = useRef<(() => Promise<void>) | null>(null);
  const [tried, setTried] = useState<TriedCustomer | null>(null);
  const xlsxJob = useJob();
  // The last edits of names, descriptions, strategies and colours, newest last (undo pops them).
  const [history, setHistory] = useState<SegmentEdit[]>(() => readUndo(modelId));
  // Kept for the session: reopening the model (or a reload) keeps what can be undone.
  useEffect(() => writeUndo(modelId, history), [modelId, history]);
  const [undoError, setUndoError] = useState<Error | null>(null);
  const recordEdit = useCallback((edit: SegmentEdit) => setHistory((h) => [...h.slice(-49), edit]), []);
  const undo = useCallback(async () => {
    const edit = history[history.length - 1];
    if (!edit) return;
    setUndoError(null);
    try {
      await api.updateSegment({ modelId, cluster: edit.cluster, [edit.field]: edit.before });
      setHistory((h) => h.slice(0, -1));
      model.reload();
    } catch (e) {
      setUndoError(e as Error);
    }
  }, [api, history, model, modelId]);
  // File › Export… in the desktop menu exports this model's customers.
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'command' && event.command === 'export') void exportRef.current?.();
      }),
    [onEvent],
  );
  const loaded = model.data !== undefined && model.data !== null;
  // The step's section comes into view when the page is ready and whenever the step changes.
  useEffect(() => {
    if (loaded) scrollToStep(step);
  }, [loaded, step]);
  if (model.error) return <ErrorMessage error={model.error} />;
  const m = model.data;
  if (!m) return <p className="muted">Loading…</p>;
  const hasRecipeColumns =
    m.recipe !== null && m.recipe.steps.some((s) => s.step !== 'aggregate' && s.step !== 'drop-blanks');

  const exportCsv = async () => {
    setExportError(null);
    try {
      const { fileName, csv } = await api.exportSegmentsCsv({ modelId, cleaned: withCleaned });
      downloadText(fileName, csv, 'text/csv;charset=utf-8');
    } catch (error) {
      setExportError(error as Error);
    }
  };

  exportRef.current = m.hasCustomers ? exportCsv : null;

  return (
    <article className="page">
      <Stepper
        current={step}
        go={(next) => {
          if (next === 'segments' || next === 'share') {
            if (next === step) scrollToStep(next);
            else onStep(next);
          } else onBack(m.datasetId, next);
        }}
        done={{ data: true, explore: true, features: true, k: true, segments: true }}
        unavailable={
          m.hasCustomers
            ? {}
            : {
                data: 'An imported model has no dataset here',
                explore: 'An imported model has no dataset here',
                features: 'An imported model has no dataset here',
                k: 'An imported model has no dataset here',
              }
        }
      />
      <button type="button" className="button button--link" onClick={() => onBack(m.datasetId)}>
        ← Back to the dataset
      </button>
      <div className="section-header">
        <h2>
          <UserText>{m.name}</UserText>
        </h2>
        <button type="button" className="button" onClick={onPresent}>
          Present
        </button>
      </div>
      <p className="muted">
        {m.customers.toLocaleString()} customers · features:{' '}
        {m.features.map((f) => columnLabel(m.recipe, f)).join(', ')} · seed {m.seed}
        {startsSampleNote(m) && (
          <>
            <br />
            {startsSampleNote(m)}
          </>
        )}
      </p>

      <section aria-label="Quality" className="metrics">
        <div className="metric">
          <span className="metric__value">{formatShare(m.varianceExplained)}</span>
          <span className="metric__label">of the differences between customers are explained by the segments</span>
        </div>
        <div className="metric">
          <span className="metric__value">{m.silhouette.toFixed(2)}</span>
          <span className="metric__label">
            silhouette (−1 to 1; above 0.25 means real structure)
            {m.silhouetteSampled > 0 && m.silhouetteSampled < m.customers
              ? `, on a sample of ${m.silhouetteSampled.toLocaleString()}`
              : ''}
          </span>
        </div>
        <div className="metric">
          <span className="metric__value">{m.calinskiHarabasz.toFixed(0)}</span>
          <span className="metric__label">Calinski–Harabasz (higher is better)</span>
        </div>
        <div className="metric">
          <span className="metric__value">{m.daviesBouldin.toFixed(2)}</span>
          <span className="metric__label">Davies–Bouldin (lower is better)</span>
        </div>
      </section>

      <SegmentCards
        model={m}
        onSaved={model.reload}
        onEdit={recordEdit}
        onUndo={() => void undo()}
        lastEdit={history[history.length - 1] ?? null}
      />
      <ErrorMessage error={undoError} onDismiss={() => setUndoError(null)} />
      {m.hasCustomers ? (
        <SegmentCharts model={m} tried={tried} beside={<TryCustomer key={m.id} model={m} onChange={setTried} />} />
      ) : (
        <p className="warning" role="note">
          This model was imported from a file: it has no customers here, so there is no map or method comparison. Use it
          to assign files of customers.
        </p>
      )}

      <section aria-labelledby="segments-heading">
        <div className="section-header">
          <h3 id="segments-heading">Profiles</h3>
          {m.hasCustomers && (
            <div className={`button-row ${styles.buttonRowTight}`}>
              <button type="button" className="button" onClick={() => void exportCsv()}>
                Export customers as CSV
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={xlsxJob.running}
                onClick={() =>
                  void xlsxJob
                    .start((jobId) => api.exportSegmentsXlsx({ jobId, modelId, cleaned: withCleaned }))
                    .then((result) => {
                      if (result)
                        downloadBase64(
                          result.fileName,
                          result.xlsxBase64,
                          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                        );
                    })
                }
              >
                Export as Excel
              </button>
              {hasRecipeColumns && (
                <label className="checkbox">
                  <input type="checkbox" checked={withCleaned} onChange={(e) => setWithCleaned(e.target.checked)} />
                  Add cleaned and derived columns
                </label>
              )}
            </div>
          )}
        </div>
        <ErrorMessage error={exportError} onDismiss={() => setExportError(null)} />
        <JobProgress job={xlsxJob} label="Writing the workbook" onCancel={xlsxJob.cancel} />
        <ErrorMessage error={xlsxJob.error} onDismiss={xlsxJob.clearError} />
        <SegmentTable model={m} />
        {m.imputed.length > 0 && (
          <p className="muted small">
            Blanks filled with the column mean:{' '}
            {m.imputed.map((n) => `${n.feature} (${n.count.toLocaleString()} customers)`).join(', ')}.
          </p>
        )}
      </section>
      {m.hasCustomers && <SegmentValueCard model={m} />}
      {m.k >= 2 && <CompareSegments model={m} />}
      {!m.hasCustomers && <TryCustomer key={m.id} model={m} onChange={setTried} />}
      <CompareSnapshots model={m} />
      {m.hasCustomers && <CompareMethods modelId={m.id} />}
      <div id={stepSectionId('share')}>
        <ReportSettingsPanel model={m} onOpenReport={onOpenReport} onDownload={onDownloadReport} />
        <AssignFile model={m} />
      </div>
    </article>
  );
}
