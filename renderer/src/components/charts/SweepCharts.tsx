import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { SweepPoint } from '../../../../shared/ml/sweep';
import { PlotlyChart } from './PlotlyChart';

export type SweepMetric = 'inertia' | 'silhouette' | 'calinskiHarabasz' | 'daviesBouldin' | 'stability';

interface MetricSpec {
  key: SweepMetric;
  title: string;
  hint: string;
  format: (v: number) => string;
}

export const SWEEP_METRICS: MetricSpec[] = [
  {
    key: 'inertia',
    title: 'Elbow: within-segment spread (WCSS)',
    hint: 'lower is tighter; look for the bend',
    format: (v) => v.toFixed(0),
  },
  {
    key: 'silhouette',
    title: 'Silhouette',
    hint: 'higher is better; above 0.25 means real structure',
    format: (v) => v.toFixed(3),
  },
  { key: 'calinskiHarabasz', title: 'Calinski–Harabasz', hint: 'higher is better', format: (v) => v.toFixed(0) },
  { key: 'daviesBouldin', title: 'Davies–Bouldin', hint: 'lower is better', format: (v) => v.toFixed(3) },
  {
    key: 'stability',
    title: 'Stability when refitted',
    hint: 'adjusted Rand index, 1 = identical',
    format: (v) => v.toFixed(3),
  },
];

export interface SweepChartsProps {
  points: SweepPoint[];
  chosenK: number;
  recommendedK: number;
  knee: number | null;
  onPick: (k: number) => void;
}

function chartFor(
  metric: MetricSpec,
  props: Omit<SweepChartsProps, 'onPick'>,
): { data: Data[]; layout: Partial<Layout> } {
  const ks = props.points.map((p) => p.k);
  const ys = props.points.map((p) => p[metric.key] as number);
  const chosen = props.points.find((p) => p.k === props.chosenK);
  const data: Data[] = [
    {
      x: ks,
      y: ys,
      type: 'scatter',
      mode: 'lines+markers',
      line: { color: '#1f5fbf', width: 2 },
      marker: { size: 9, color: ks.map((k) => (k === props.recommendedK ? '#009E73' : '#1f5fbf')) },
      // Numbers for people: "0.168" and "1,234", not "0.1680102".
      hovertemplate: `k = %{x}<br>${metric.title}: %{y:${metric.key === 'inertia' || metric.key === 'calinskiHarabasz' ? ',.0f' : '.3f'}}<extra></extra>`,
      name: metric.title,
    },
  ];
  if (chosen) {
    data.push({
      x: [chosen.k],
      y: [chosen[metric.key] as number],
      type: 'scatter',
      mode: 'markers',
      marker: { size: 16, color: 'rgba(0,0,0,0)', line: { color: '#D55E00', width: 3 } },
      hoverinfo: 'skip',
      name: 'chosen',
    });
  }
  const annotations: Partial<Layout>['annotations'] =
    metric.key === 'inertia' && props.knee !== null
      ? [
          {
            x: props.knee,
            y: ys[ks.indexOf(props.knee)],
            text: 'elbow',
            showarrow: true,
            arrowhead: 2,
            ax: 30,
            ay: -30,
          },
        ]
      : [];
  return {
    data,
    layout: {
      title: { text: metric.title, font: { size: 14 }, x: 0, xanchor: 'left' },
      margin: { l: 56, r: 16, t: 36, b: 40 },
      xaxis: { title: { text: 'k (number of segments)' }, dtick: 1, fixedrange: true },
      yaxis: { fixedrange: true, automargin: true },
      showlegend: false,
      hovermode: 'x',
      annotations,
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    },
  };
}

/** The k sweep's five measures against k; clicking a k on any chart chooses it. */
export function SweepCharts(props: SweepChartsProps) {
  const charts = useMemo(() => SWEEP_METRICS.map((m) => ({ metric: m, ...chartFor(m, props) })), [props]);
  return (
    <div className="chart-grid">
      {charts.map(({ metric, data, layout }) => (
        <figure key={metric.key} className="chart-card" data-metric={metric.key}>
          <PlotlyChart
            data={data}
            layout={layout}
            label={`${metric.title} for k = ${props.points[0]?.k} to ${props.points[props.points.length - 1]?.k}`}
            onPointClick={props.onPick}
          />
          <figcaption className="muted small">{metric.hint}</figcaption>
        </figure>
      ))}
    </div>
  );
}

/** One measure against k, drawn still (the report's method section): the same chart as the sweep screen. */
export function SweepMetricChart({
  metric,
  width,
  ...props
}: Omit<SweepChartsProps, 'onPick'> & { metric: SweepMetric; width: number }) {
  const spec = SWEEP_METRICS.find((m) => m.key === metric) as MetricSpec;
  const { data, layout } = useMemo(
    () => chartFor(spec, props),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [spec, props.points, props.chosenK, props.recommendedK, props.knee],
  );
  return (
    <PlotlyChart
      data={data}
      layout={layout}
      width={width}
      height={220}
      staticPlot
      label={`${spec.title} for k = ${props.points[0]?.k} to ${props.points[props.points.length - 1]?.k}`}
    />
  );
}
