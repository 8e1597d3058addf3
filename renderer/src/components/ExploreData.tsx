import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { DatasetDescription } from '../../../shared/import/describe';
import type { ColumnSummary } from '../../../shared/domain';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { ErrorMessage } from './ErrorMessage';
import { JobProgress } from './JobProgress';
import { PlotlyChart } from './charts/PlotlyChart';
import { plain } from './charts/plotlyText';
import { formatCount, formatValue } from '../format';
import { UserText } from './UserText';

const v = (n: number | null) => (n === null ? '' : formatValue(n));

/**
 * The EDA screen: what is in each column, how columns move together, and what to watch out for,
 * with one-click fixes: leave a column out of segmentation (and take it back), add log(1 + x).
 */
export function ExploreData({
  datasetId,
  columns,
  onChanged,
  onDescribed,
}: {
  datasetId: number;
  columns: ColumnSummary[];
  /** The dataset changed (a column left out, a column added). */
  onChanged: () => void;
  /** The data summary, each time it is computed (the page's default features read it). */
  onDescribed?: (description: DatasetDescription | null) => void;
}) {
  const { api } = useClient();
  const job = useJob();
  const { start } = job;
  const [description, setDescription] = useState<DatasetDescription | null>(null);
  const [column, setColumn] = useState<string | null>(null);
  const [fixError, setFixError] = useState<Error | null>(null);
  const describe = useCallback(
    (show?: string) =>
      void start((jobId) => api.describeDataset({ jobId, datasetId })).then((d) => {
        // Failed or cancelled: null, so that the page stops waiting for it.
        onDescribed?.(d ?? null);
        if (d) {
          setDescription(d);
          setColumn((current) => show ?? current ?? d.columns[0]?.name ?? null);
        }
      }),
    [api, datasetId, start, onDescribed],
  );
  // Again when a column changes kind (a code read as categories) or is added.
  const signature = columns.map((c) => `${c.name}\u0000${c.kind}`).join('\u0001');
  useEffect(() => describe(), [describe, signature]);
  const excluded = new Set(columns.filter((c) => c.excluded).map((c) => c.name));
  const fix = async (target: string, kind: 'leave-out' | 'include' | 'log1p') => {
    setFixError(null);
    try {
      const updated = await api.fixColumn({ datasetId, column: target, fix: kind });
      onChanged();
      if (kind === 'log1p') describe(updated.columns.at(-1)?.name);
    } catch (error) {
      setFixError(error as Error);
    }
  };

  const selected = description?.columns.find((c) => c.name === column) ?? null;
  const distribution = useMemo<{ data: Data[]; layout: Partial<Layout> } | null>(() => {
    if (!selected) return null;
    const layout: Partial<Layout> = {
      margin: { l: 48, r: 16, t: 8, b: 48 },
      xaxis: { title: { text: plain(selected.name) }, automargin: true },
      yaxis: { title: { text: 'customers' } },
      bargap: 0.05,
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    };
    if (selected.histogram && selected.box && selected.q1 !== null && selected.q3 !== null) {
      const { edges, counts } = selected.histogram;
      // The box plot shares the histogram's x axis, above it.
      const box: Data = {
        type: 'box',
        name: '',
        q1: [selected.q1],
        median: [selected.median ?? selected.q1],
        q3: [selected.q3],
        lowerfence: [selected.box.lowerWhisker],
        upperfence: [selected.box.upperWhisker],
        mean: [selected.mean ?? selected.q1],
        y: [0],
        orientation: 'h',
        xaxis: 'x',
        yaxis: 'y2',
        marker: { color: '#1f5fbf' },
        fillcolor: 'rgba(31, 95, 191, 0.25)',
        hoverinfo: 'x',
      } as Data;
      return {
        data: [
          {
            type: 'bar',
            x: counts.map((_, i) => (edges[i] + edges[i + 1]) / 2),
            y: counts,
            width: counts.map((_, i) => edges[i + 1] - edges[i]),
            marker: { color: '#1f5fbf' },
            hovertemplate: '%{x}: %{y} customers<extra></extra>',
          },
          box,
        ],
        layout: {
          ...layout,
          showlegend: false,
          yaxis: { title: { text: 'customers' }, domain: [0, 0.72] },
          yaxis2: { domain: [0.78, 1], showticklabels: false, zeroline: false, showgrid: false },
        },
      };
    }
    return {
      data: [
        {
          type: 'bar',
          x: (selected.levels ?? []).map((l) => plain(l.level)),
          y: (selected.levels ?? []).map((l) => l.count),
          marker: { color: '#1f5fbf' },
        },
      ],
      layout,
    };
  }, [selected]);

  const heatmap = useMemo<{ data: Data[]; layout: Partial<Layout> } | null>(() => {
    if (!description || description.correlation.names.length < 2) return null;
    const names = description.correlation.names.map(plain);
    return {
      data: [
        {
          type: 'heatmap',
          z: description.correlation.matrix,
          x: names,
          y: names,
          zmin: -1,
          zmax: 1,
          colorscale: [
            [0, '#D55E00'],
            [0.5, '#f7f7f7'],
            [1, '#0072B2'],
          ],
          hovertemplate: '%{y} × %{x}: r = %{z:.2f}<extra></extra>',
        },
      ],
      layout: {
        margin: { l: 16, r: 16, t: 8, b: 16 },
        xaxis: { tickangle: -35, automargin: true },
        yaxis: { automargin: true, autorange: 'reversed' },
        paper_bgcolor: 'rgba(0,0,0,0)',
      },
    };
  }, [description]);

  return (
    <section aria-labelledby="explore-heading">
      <h3 id="explore-heading">Explore the data</h3>
      <JobProgress job={job} label="Summarising" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
      <ErrorMessage error={fixError} onDismiss={() => setFixError(null)} />
      {description && (
        <>
          {description.warnings.length > 0 ? (
            <ul className="warnings" aria-label="Data warnings">
              {description.warnings.map((w) => {
                const target = w.kind === 'correlated' && w.other ? w.other : w.column;
                const logged = columns.some((c) => c.name === `${w.column} (log)`);
                return (
                  <li key={`${w.kind}-${w.column}-${w.other ?? ''}`} className="warning">
                    {w.message}{' '}
                    {excluded.has(target) ? (
                      <>
                        <span className="muted">{target} is left out of segmentation.</span>{' '}
                        <button
                          type="button"
                          className="button button--link"
                          onClick={() => void fix(target, 'include')}
                        >
                          Use {target} again
                        </button>
                      </>
                    ) : (
                      <>
                        {w.kind === 'skewed' && logged && <span className="muted">“{w.column} (log)” is added.</span>}
                        {w.kind === 'skewed' && !logged && (
                          <button
                            type="button"
                            className="button button--link"
                            onClick={() => void fix(w.column, 'log1p')}
                          >
                            Add log(1 + x) of {w.column}
                          </button>
                        )}{' '}
                        <button
                          type="button"
                          className="button button--link"
                          onClick={() => void fix(target, 'leave-out')}
                        >
                          Leave out {target}
                        </button>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted small">No warnings: no constant, mostly blank, very skewed or duplicated columns.</p>
          )}
          <div className="table-scroll">
            <table aria-label="Column summaries">
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col" className="num">
                    Values
                  </th>
                  <th scope="col" className="num">
                    Blank
                  </th>
                  <th scope="col" className="num">
                    Distinct
                  </th>
                  <th scope="col" className="num">
                    Mean
                  </th>
                  <th scope="col" className="num">
                    Std
                  </th>
                  <th scope="col" className="num">
                    Min
                  </th>
                  <th scope="col" className="num">
                    Q1
                  </th>
                  <th scope="col" className="num">
                    Median
                  </th>
                  <th scope="col" className="num">
                    Q3
                  </th>
                  <th scope="col" className="num">
                    Max
                  </th>
                </tr>
              </thead>
              <tbody>
                {description.columns.map((c) => (
                  <tr key={c.name}>
                    <th scope="row">
                      <button
                        type="button"
                        className="button button--link"
                        aria-pressed={c.name === column}
                        onClick={() => setColumn(c.name)}
                      >
                        <UserText>{c.name}</UserText>
                      </button>
                    </th>
                    <td className="num">{formatCount(c.count)}</td>
                    <td className="num">{formatCount(c.missing)}</td>
                    <td className="num">{formatCount(c.distinct)}</td>
                    <td className="num">{v(c.mean)}</td>
                    <td className="num">{v(c.std)}</td>
                    <td className="num">{v(c.min)}</td>
                    <td className="num">{v(c.q1)}</td>
                    <td className="num">{v(c.median)}</td>
                    <td className="num">{v(c.q3)}</td>
                    <td className="num">{v(c.max)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="chart-grid chart-grid--wide">
            {distribution && selected && (
              <figure className="chart-card" data-chart="distribution">
                <PlotlyChart
                  data={distribution.data}
                  layout={distribution.layout}
                  height={280}
                  label={`Distribution of ${selected.name}`}
                />
                <figcaption className="muted small">
                  {selected.histogram
                    ? `How many customers have each range of values; above, the box plot (quartiles, whiskers to 1.5 × IQR${
                        selected.box?.outliers
                          ? `, ${formatCount(selected.box.outliers)} ${selected.box.outliers === 1 ? 'value' : 'values'} beyond them`
                          : ''
                      }).`
                    : 'The most frequent categories.'}{' '}
                  Click a column name in the table to see another.
                </figcaption>
              </figure>
            )}
            {heatmap && (
              <figure className="chart-card" data-chart="correlation">
                <PlotlyChart
                  data={heatmap.data}
                  layout={heatmap.layout}
                  height={Math.max(280, 34 * description.correlation.names.length + 120)}
                  label="Correlations between the numeric columns"
                />
                <figcaption className="muted small">
                  Blue: the two columns rise together; orange: one rises as the other falls (Pearson&apos;s r).
                </figcaption>
              </figure>
            )}
          </div>
        </>
      )}
    </section>
  );
}
