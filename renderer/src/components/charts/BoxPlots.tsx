import { useEffect, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { ModelSummary } from '../../../../shared/domain';
import type { BoxStats } from '../../../../shared/segments/distribution';
import { useClient } from '../../hooks/useClient';
import { useAsync } from '../../hooks/useAsync';
import { useJob } from '../../hooks/useJob';
import { ErrorMessage } from '../ErrorMessage';
import { JobProgress } from '../JobProgress';
import { PlotlyChart } from './PlotlyChart';
import { plain } from './plotlyText';

/** Any numeric column of the dataset by segment: median, quartiles and whiskers (Tukey), computed in the worker. */
export function BoxPlots({ model }: { model: ModelSummary }) {
  const { api } = useClient();
  const datasets = useAsync(() => api.listDatasets({}), [api]);
  const columns = useMemo(
    () =>
      datasets.data
        ?.find((d) => d.id === model.datasetId)
        ?.columns.filter((c) => c.kind === 'numeric')
        .map((c) => c.name) ?? model.numericFeatures,
    [datasets.data, model.datasetId, model.numericFeatures],
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

  const data = useMemo<Data[]>(
    () =>
      (stats ?? [])
        .filter((s) => s.count > 0)
        .map((s) => {
          const segment = model.segments[s.cluster];
          return {
            type: 'box',
            name: plain(segment.name),
            y: [plain(segment.name)],
            q1: [s.q1],
            median: [s.median],
            q3: [s.q3],
            lowerfence: [s.lowerFence],
            upperfence: [s.upperFence],
            mean: [s.mean],
            orientation: 'h',
            marker: { color: segment.colour },
            line: { color: segment.colour },
            fillcolor: `${segment.colour}55`,
            hoverinfo: 'x',
          } as unknown as Data;
        }),
    [stats, model.segments],
  );
  const layout = useMemo<Partial<Layout>>(
    () => ({
      margin: { l: 16, r: 16, t: 8, b: 40 },
      xaxis: { title: { text: plain(feature) }, zeroline: false },
      yaxis: { autorange: 'reversed', automargin: true },
      showlegend: false,
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    }),
    [feature],
  );
  return (
    <>
      <label className="inline-field">
        Feature
        <select value={feature} onChange={(e) => setFeature(e.target.value)} aria-label="Feature for the box plots">
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <JobProgress job={job} label="Measuring" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
      {stats && (
        <PlotlyChart
          data={data}
          layout={layout}
          height={Math.max(200, 46 * model.segments.length + 70)}
          label={`Box plots of ${feature} by segment: ${stats
            .filter((s) => s.count > 0)
            .map((s) => `${model.segments[s.cluster].name} median ${s.median}`)
            .join(', ')}`}
        />
      )}
    </>
  );
}
