import { useEffect, useMemo, useState } from 'react';
import { columnLabel } from '../../../shared/segments/meanings';
import type { ModelSummary } from '../../../shared/domain';
import type { BoxStats } from '../../../shared/segments/distribution';
import { useClient } from '../hooks/useClient';
import { useAsync } from '../hooks/useAsync';
import { useJob } from '../hooks/useJob';
import { ErrorMessage } from './ErrorMessage';
import { JobProgress } from './JobProgress';
import { BoxPlots } from './charts/BoxPlots';
import styles from './FeatureBoxPlots.module.css';

/** Box plots of any numeric column of the model's dataset by segment: the column choice, the worker's quartiles, the chart. */
export function FeatureBoxPlots({ model }: { model: ModelSummary }) {
  const { api } = useClient();
  const dataset = useAsync(() => api.datasetSummary({ datasetId: model.datasetId }), [api, model.datasetId]);
  const columns = useMemo(
    () => dataset.data?.columns.filter((c) => c.kind === 'numeric').map((c) => c.name) ?? model.numericFeatures,
    [dataset.data, model.numericFeatures],
  );
  const [feature, setFeature] = useState(model.numericFeatures[0] ?? '');
  const [stats, setStats] = useState<BoxStats[] | null>(null);
  const job = useJob();
  const { start } = job;
  useEffect(() => {
    if (!feature) return;
    setStats(null);
    void start((jobId) => api.featureDistribution({ jobId, modelId: model.id, feature })).then((result) => {
      if (result) setStats(result.segments);
    });
  }, [api, model.id, feature, start]);
  return (
    <>
      <label className={styles.inlineField}>
        Feature
        <select value={feature} onChange={(e) => setFeature(e.target.value)} aria-label="Feature for the box plots">
          {columns.map((c) => (
            <option key={c} value={c}>
              {columnLabel(dataset.data?.recipe ?? model.recipe, c)}
            </option>
          ))}
        </select>
      </label>
      <JobProgress job={job} label="Measuring" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
      {stats && (
        <BoxPlots
          feature={columnLabel(dataset.data?.recipe ?? model.recipe, feature)}
          stats={stats}
          segments={model.segments}
        />
      )}
    </>
  );
}
