import { useMemo } from 'react';
import { columnLabel } from '../../../../shared/segments/meanings';
import type { Data, Layout } from 'plotly.js';
import type { ModelSummary } from '../../../../shared/domain';
import { featureZScores } from '../../../../shared/segments/traits';
import { PlotlyChart } from './PlotlyChart';
import { plain } from './plotlyText';

/** How many customers each segment holds, in the segments' colours. */
export function SegmentSizesChart({ model }: { model: ModelSummary }) {
  const data = useMemo<Data[]>(
    () => [
      {
        type: 'bar',
        orientation: 'h',
        y: model.segments.map((s) => plain(s.name)),
        x: model.segments.map((s) => s.size),
        text: model.segments.map((s) => `${s.size.toLocaleString()} · ${Math.round(s.share * 100)}%`),
        textposition: 'auto',
        marker: { color: model.segments.map((s) => s.colour) },
        hovertemplate: '%{y}: %{x} customers<extra></extra>',
      },
    ],
    [model.segments],
  );
  const layout = useMemo<Partial<Layout>>(
    () => ({
      margin: { l: 16, r: 16, t: 8, b: 40 },
      xaxis: { title: { text: 'customers' }, rangemode: 'tozero' },
      yaxis: { autorange: 'reversed', automargin: true },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    }),
    [],
  );
  return (
    <PlotlyChart
      data={data}
      layout={layout}
      height={Math.max(180, 40 * model.segments.length + 70)}
      label={`Segment sizes: ${model.segments.map((s) => `${s.name} ${s.size}`).join(', ')}`}
    />
  );
}

/** Each segment's centre as a shape: its mean of every numeric feature in standard deviations (radar). */
export function CentroidRadar({ model }: { model: ModelSummary }) {
  const data = useMemo<Data[]>(() => {
    const theta = [...model.numericFeatures, model.numericFeatures[0]].map((f) => plain(columnLabel(model.recipe, f)));
    return model.segments.map((s) => {
      const z = featureZScores(model, s.means).map((v) => Math.max(-3, Math.min(3, v)));
      return {
        type: 'scatterpolar',
        r: [...z, z[0]],
        theta,
        name: plain(s.name),
        mode: 'lines',
        line: { color: s.colour, width: 2 },
        hovertemplate: '%{theta}: %{r:.2f} SD<extra>%{fullData.name}</extra>',
      } as Data;
    });
  }, [model]);
  const layout = useMemo<Partial<Layout>>(
    () => ({
      margin: { l: 48, r: 48, t: 24, b: 24 },
      polar: { radialaxis: { range: [-3, 3], tickvals: [-2, 0, 2], angle: 90 }, bgcolor: 'rgba(0,0,0,0)' },
      legend: { orientation: 'h', y: -0.1 },
      paper_bgcolor: 'rgba(0,0,0,0)',
    }),
    [],
  );
  return (
    <PlotlyChart
      data={data}
      layout={layout}
      height={420}
      label="Segment centres as shapes: each feature's mean in standard deviations from the average"
    />
  );
}
