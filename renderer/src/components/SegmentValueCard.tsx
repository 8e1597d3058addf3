import { useEffect, useMemo, useState } from 'react';
import { columnLabel } from '../../../shared/segments/meanings';
import type { Data, Layout } from 'plotly.js';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { useAsync } from '../hooks/useAsync';
import { ErrorMessage } from './ErrorMessage';
import { JobProgress } from './JobProgress';
import { PlotlyChart } from './charts/PlotlyChart';
import { plain } from './charts/plotlyText';
import { UserText } from './UserText';
import { formatValue } from '../format';
import type { ModelSummary } from '../../../shared/domain';
import type { SegmentValue } from '../../../shared/segments/value';

const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/**
 * Who is worth what: each segment's share of customers beside its share of a value column (spend,
 * revenue), its average and median value, and the rate of every 0/1 outcome beside the overall rate.
 */
export function SegmentValueCard({ model }: { model: ModelSummary }) {
  const { api } = useClient();
  const job = useJob();
  const { start } = job;
  const dataset = useAsync(() => api.datasetSummary({ datasetId: model.datasetId }), [api, model.datasetId]);
  // undefined: the column the app recognises; null: none; a name: the user's choice.
  const [column, setColumn] = useState<string | null | undefined>(undefined);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [value, setValue] = useState<SegmentValue | null>(null);
  useEffect(() => {
    void start((jobId) =>
      api.segmentValue({ jobId, modelId: model.id, ...(column !== undefined ? { column } : {}) }),
    ).then((result) => {
      if (result) setValue(result);
    });
  }, [api, model.id, column, start]);
  const numeric = (dataset.data?.columns ?? []).filter((c) => c.kind === 'numeric').map((c) => c.name);
  const chart = useMemo<{ data: Data[]; layout: Partial<Layout> } | null>(() => {
    if (!value || value.column === null || value.negatives > 0) return null;
    const names = model.segments.map((s) => plain(s.name));
    return {
      data: [
        {
          type: 'bar',
          name: 'share of customers',
          x: names,
          y: value.segments.map((s) => s.customerShare * 100),
          marker: { color: '#9aa5b1' },
          hovertemplate: '%{x}: %{y:.1f}% of customers<extra></extra>',
        },
        {
          type: 'bar',
          name: `share of ${plain(columnLabel(model.recipe, value.column))}`,
          x: names,
          y: value.segments.map((s) => (s.share ?? 0) * 100),
          marker: { color: model.segments.map((s) => s.colour) },
          hovertemplate: `%{x}: %{y:.1f}% of ${plain(columnLabel(model.recipe, value.column))}<extra></extra>`,
        },
      ],
      layout: {
        barmode: 'group',
        margin: { l: 48, r: 16, t: 8, b: 64 },
        yaxis: { title: { text: '% of all' }, ticksuffix: '%' },
        xaxis: { automargin: true },
        legend: { orientation: 'h', y: -0.25 },
        paper_bgcolor: 'rgba(0,0,0,0)',
        plot_bgcolor: 'rgba(0,0,0,0)',
      },
    };
  }, [value, model.segments, model.recipe]);

  return (
    <section aria-labelledby="value-heading" className="card">
      <h3 id="value-heading">Who is worth what</h3>
      <div className="form-row">
        <label>
          Value column
          <select
            value={column === undefined ? (value?.column ?? '') : (column ?? '')}
            aria-label="Value column"
            onChange={(e) => {
              const chosen = e.target.value === '' ? null : e.target.value;
              setColumn(chosen);
              // Kept with the dataset: its models' value tables and reports use it from now on.
              setSaveError(null);
              api
                .setValueColumn({ datasetId: model.datasetId, column: chosen })
                .catch((error: Error) => setSaveError(error));
            }}
          >
            <option value="">(none)</option>
            {numeric.map((name) => (
              <option key={name} value={name}>
                {columnLabel(model.recipe, name)}
              </option>
            ))}
          </select>
        </label>
        {value && value.column === null && (
          <p className="muted small">
            Choose the column that holds what a customer is worth (spend, revenue, monetary) to see each segment&apos;s
            share of it.
          </p>
        )}
      </div>
      <JobProgress job={job} label="Valuing the segments" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
      <ErrorMessage error={saveError} onDismiss={() => setSaveError(null)} />
      {value && (
        <div className="table-scroll">
          <table aria-label="Segment value">
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" className="num">
                  Customers
                </th>
                {value.column !== null && (
                  <>
                    <th scope="col" className="num">
                      Share of <UserText>{columnLabel(model.recipe, value.column)}</UserText>
                    </th>
                    <th scope="col" className="num">
                      Average
                    </th>
                    <th scope="col" className="num">
                      Median
                    </th>
                  </>
                )}
                {value.outcomes.map((o) => (
                  <th scope="col" className="num" key={o.column}>
                    <UserText>{columnLabel(model.recipe, o.column)}</UserText> rate
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.segments.map((s) => (
                <tr key={s.cluster}>
                  <th scope="row">
                    <UserText>{model.segments[s.cluster]?.name ?? `Segment ${s.cluster + 1}`}</UserText>
                  </th>
                  <td className="num">
                    {s.customers.toLocaleString()} ({percent(s.customerShare)})
                  </td>
                  {value.column !== null && (
                    <>
                      <td className="num">{percent(s.share)}</td>
                      <td className="num">{s.mean === null ? '–' : formatValue(s.mean)}</td>
                      <td className="num">{s.median === null ? '–' : formatValue(s.median)}</td>
                    </>
                  )}
                  {value.outcomes.map((o) => (
                    <td className="num" key={o.column}>
                      {percent(o.rates[s.cluster])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {value.outcomes.length > 0 && (
              <tfoot>
                <tr>
                  <th scope="row">All customers</th>
                  <td className="num">100%</td>
                  {value.column !== null && <td colSpan={3} />}
                  {value.outcomes.map((o) => (
                    <td className="num" key={o.column}>
                      {percent(o.overallRate)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      {value && value.negatives > 0 && (
        <p className="muted small" role="note">
          {value.negatives.toLocaleString()} customers have a negative <UserText>{value.column ?? ''}</UserText>: a
          share of a total that mixes signs can pass 100%, so no shares are shown — averages and medians are.
        </p>
      )}
      {value && value.blanks > 0 && (
        <p className="muted small">
          {value.blanks.toLocaleString()} customers have no <UserText>{value.column ?? ''}</UserText> value: they count
          as customers, not in the value&apos;s shares and averages.
        </p>
      )}
      {value?.groups && (
        <div className="table-scroll">
          <table aria-label="RFM groups in each segment">
            <caption className="muted small">
              The transaction log&apos;s RFM groups in each segment: two ways of dividing the same customers.
            </caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                {value.groups.levels.map((level) => (
                  <th scope="col" className="num" key={level}>
                    <UserText>{level}</UserText>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.groups.counts.map((row, c) => (
                <tr key={c}>
                  <th scope="row">
                    <UserText>{model.segments[c]?.name ?? `Segment ${c + 1}`}</UserText>
                  </th>
                  {row.map((n, j) => (
                    <td className="num" key={j}>
                      {n.toLocaleString()}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {chart && (
        <PlotlyChart
          data={chart.data}
          layout={chart.layout}
          height={300}
          label={`Share of customers and of ${value?.column ?? 'value'} per segment`}
        />
      )}
    </section>
  );
}
