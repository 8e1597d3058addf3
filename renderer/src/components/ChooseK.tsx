import { useEffect, useState } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { SweepCharts } from './charts/SweepCharts';
import { sameChoice, type FeatureChoice } from './FeatureSetup';
import type { DatasetSummary, SweepSummary } from '../../../shared/domain';
import { weakKWarning } from '../../../shared/ml/recommend';
import styles from './ChooseK.module.css';

/** Compare k over a range, read the recommendation, choose k on a chart, and train. */
export function ChooseK({
  dataset,
  choice,
  onTrained,
  onSetup,
  waiting = false,
}: {
  dataset: DatasetSummary;
  choice: FeatureChoice;
  onTrained: (modelId: number) => void;
  /** The k range and k, whenever the user changes them (the page remembers them with the dataset). */
  onSetup?: (setup: { kMin: number; kMax: number; k: number }) => void;
  /** The features are not decided yet: nothing to compare or train. */
  waiting?: boolean;
}) {
  const { api } = useClient();
  const sweepJob = useJob();
  const trainJob = useJob();
  const [sweep, setSweep] = useState<SweepSummary | null>(null);
  const saved = dataset.setup;
  const [kMin, setKMinState] = useState(saved?.kMin ?? 2);
  const [kMax, setKMaxState] = useState(saved?.kMax ?? Math.max(2, Math.min(10, dataset.rows)));
  const [k, setKState] = useState(saved?.k ?? 4);
  const [seed, setSeed] = useState(0);
  const remember = (next: { kMin: number; kMax: number; k: number }) => {
    if (next.kMin >= 2 && next.kMax >= next.kMin && next.kMax <= 50 && next.k >= 2 && next.k <= 50) onSetup?.(next);
  };
  const setKMin = (value: number) => {
    setKMinState(value);
    remember({ kMin: value, kMax, k });
  };
  const setKMax = (value: number) => {
    setKMaxState(value);
    remember({ kMin, kMax: value, k });
  };
  const setK = (value: number) => {
    setKState(value);
    remember({ kMin, kMax, k: value });
  };

  const hasSavedK = saved !== null;
  useEffect(() => {
    let current = true;
    void api.latestSweep({ datasetId: dataset.id }).then((latest) => {
      if (!current || !latest) return;
      setSweep(latest);
      // A k the user chose before is kept; otherwise the sweep's recommendation.
      if (!hasSavedK) setKState(latest.recommendation.k);
    });
    return () => {
      current = false;
    };
  }, [api, dataset.id, hasSavedK]);

  const runSweep = async () => {
    const result = await sweepJob.start((jobId) =>
      api.sweepK({ jobId, datasetId: dataset.id, ...choice, kMin, kMax, nInit: 4, seed }),
    );
    if (result) {
      setSweep(result);
      setK(result.recommendation.k);
    }
  };

  const train = async () => {
    const matches = sweep && sameChoice(choice, sweep);
    const model = await trainJob.start((jobId) =>
      api.trainModel({ jobId, datasetId: dataset.id, ...choice, k, seed, ...(matches ? { sweepId: sweep.id } : {}) }),
    );
    if (model) onTrained(model.id);
  };

  const stale = sweep !== null && !sameChoice(choice, sweep);
  // A k whose segments are only weakly separated says so where it is chosen.
  const chosenPoint = sweep && !stale ? sweep.points.find((p) => p.k === k) : undefined;
  const chosenWarning = chosenPoint ? weakKWarning(chosenPoint) : null;
  const noFeatures = choice.features.length === 0 || waiting;
  return (
    <section aria-labelledby="choose-k-heading" className="card">
      <h3 id="choose-k-heading">How many segments?</h3>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void runSweep();
        }}
      >
        <label>
          From k
          <input type="number" min={2} max={50} value={kMin} onChange={(e) => setKMin(Number(e.target.value))} />
        </label>
        <label>
          To k
          <input type="number" min={2} max={50} value={kMax} onChange={(e) => setKMax(Number(e.target.value))} />
        </label>
        <label>
          Random seed
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        <button type="submit" className="button" disabled={sweepJob.running || noFeatures}>
          Compare k = {kMin} to {kMax}
        </button>
      </form>
      <JobProgress job={sweepJob} label="Comparing" onCancel={sweepJob.cancel} />
      <ErrorMessage error={sweepJob.error} onDismiss={sweepJob.clearError} />

      {sweep && (
        <>
          <div className="recommendation" role="region" aria-label="Recommendation">
            <strong>Recommended: {sweep.recommendation.k} segments.</strong> <span>{sweep.recommendation.advice}</span>
            <details className="small">
              <summary>The measures behind it</summary>
              {sweep.recommendation.reason}
            </details>
          </div>
          {sweep.recommendation.warning && (
            <p className="warning" role="note">
              {sweep.recommendation.warning}
            </p>
          )}
          {stale && (
            <p className="warning" role="note">
              This comparison was run on other features or scaling ({sweep.features.join(', ')}; {sweep.scaling}). Run
              it again for the current choice.
            </p>
          )}
          <SweepCharts
            points={sweep.points}
            chosenK={k}
            recommendedK={sweep.recommendation.k}
            knee={sweep.recommendation.knee}
            onPick={setK}
          />
          <p className="muted small">
            Click a k on any chart to choose it. Each k is the best of {sweep.nInit} k-means++ starts (seed {sweep.seed}
            ); stability refits each k on five random 80% samples.{' '}
            {sweep.silhouetteSampled < sweep.rows
              ? `Silhouette is computed on a seeded sample of ${sweep.silhouetteSampled.toLocaleString()} of ${sweep.rows.toLocaleString()} customers.`
              : 'Silhouette is exact (every customer).'}
          </p>
        </>
      )}

      <form
        className={`form-row ${styles.trainRow}`}
        onSubmit={(event) => {
          event.preventDefault();
          void train();
        }}
      >
        <label>
          Number of segments (k)
          <input type="number" min={2} max={50} value={k} onChange={(e) => setK(Number(e.target.value))} required />
        </label>
        <button type="submit" className="button" disabled={trainJob.running || noFeatures}>
          Train
        </button>
        {chosenWarning && (
          <p className="warning" role="note">
            {chosenWarning}
          </p>
        )}
        <span className="muted small">The final model keeps the best of 10 k-means++ starts.</span>
      </form>
      <JobProgress job={trainJob} label="Training" onCancel={trainJob.cancel} />
      <ErrorMessage error={trainJob.error} onDismiss={trainJob.clearError} />
    </section>
  );
}
