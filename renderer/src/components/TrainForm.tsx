import { useState } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import type { DatasetSummary } from '../../../shared/domain';

/** Choose numeric features and k, then train K-Means in the worker with progress and cancel. */
export function TrainForm({ dataset, onTrained }: { dataset: DatasetSummary; onTrained: (modelId: number) => void }) {
  const { api } = useClient();
  const job = useJob();
  const numeric = dataset.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
  const [features, setFeatures] = useState<string[]>(numeric);
  const [k, setK] = useState(4);
  const [seed, setSeed] = useState(0);

  const toggle = (name: string, on: boolean) =>
    setFeatures((current) =>
      on ? numeric.filter((n) => n === name || current.includes(n)) : current.filter((n) => n !== name),
    );

  const train = async () => {
    const model = await job.start((jobId) => api.trainModel({ jobId, datasetId: dataset.id, features, k, seed }));
    if (model) onTrained(model.id);
  };

  return (
    <section aria-labelledby="train-heading" className="card">
      <h3 id="train-heading">Find segments</h3>
      {numeric.length === 0 ? (
        <p>This dataset has no numeric columns to segment on.</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void train();
          }}
        >
          <fieldset className="feature-list">
            <legend>
              Features ({features.length} of {numeric.length} numeric columns)
            </legend>
            <div className="feature-list__actions">
              <button type="button" className="button button--link" onClick={() => setFeatures(numeric)}>
                Select all
              </button>
              <button type="button" className="button button--link" onClick={() => setFeatures([])}>
                Select none
              </button>
            </div>
            {numeric.map((name) => (
              <label key={name} className="checkbox">
                <input
                  type="checkbox"
                  checked={features.includes(name)}
                  onChange={(event) => toggle(name, event.target.checked)}
                />
                {name}
              </label>
            ))}
          </fieldset>
          <div className="form-row">
            <label>
              Number of segments (k)
              <input
                type="number"
                min={2}
                max={50}
                value={k}
                onChange={(event) => setK(Number(event.target.value))}
                required
              />
            </label>
            <label>
              Random seed
              <input type="number" min={0} value={seed} onChange={(event) => setSeed(Number(event.target.value))} />
            </label>
            <button type="submit" className="button" disabled={job.running || features.length === 0}>
              Train
            </button>
          </div>
          <p className="muted small">
            Features are standardised (mean 0, standard deviation 1); blanks are filled with the column mean. K-Means
            keeps the best of 10 k-means++ starts.
          </p>
        </form>
      )}
      <JobProgress job={job} label="Training" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
    </section>
  );
}
