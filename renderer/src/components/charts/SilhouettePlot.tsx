import { useMemo } from 'react';
import type { Data } from 'plotly.js';
import type { SegmentSummary } from '../../../../shared/domain';
import { PlotlyChart } from './PlotlyChart';
import { plain } from './plotlyText';

/**
 * The classic silhouette plot: every customer's silhouette, sorted within its segment. Long bars
 * sit well inside their segment; bars below zero would fit a neighbouring segment better.
 */
export function SilhouettePlot({
  clusters,
  silhouettes,
  segments,
}: {
  clusters: number[];
  silhouettes: number[];
  segments: SegmentSummary[];
}) {
  // Segments top to bottom in the legend's order, each labelled at the middle of its block.
  const { data, ticks } = useMemo(() => {
    let offset = 0;
    const ticks: { at: number; text: string }[] = [];
    const data = segments.map((segment) => {
      const values = silhouettes.filter((_, i) => clusters[i] === segment.cluster).sort((a, b) => b - a);
      const y = values.map((_, i) => offset + i);
      ticks.push({ at: offset + values.length / 2, text: plain(segment.name) });
      offset += values.length + Math.max(10, Math.round(silhouettes.length / 100));
      return {
        type: 'bar',
        orientation: 'h',
        name: plain(segment.name),
        x: values,
        y,
        marker: { color: segment.colour },
        hovertemplate: '%{fullData.name}: %{x:.2f}<extra></extra>',
      } as Data;
    });
    return { data, ticks };
  }, [clusters, silhouettes, segments]);
  const mean = silhouettes.reduce((a, b) => a + b, 0) / Math.max(silhouettes.length, 1);
  const layout = useMemo(
    () => ({
      barmode: 'overlay' as const,
      bargap: 0,
      margin: { l: 24, r: 16, t: 24, b: 48 },
      xaxis: { title: { text: 'silhouette' }, range: [-0.3, 1] },
      yaxis: {
        autorange: 'reversed' as const,
        tickvals: ticks.map((t) => t.at),
        ticktext: ticks.map((t) => t.text),
        automargin: true,
        showgrid: false,
        zeroline: false,
      },
      showlegend: false,
      annotations: [
        {
          x: mean,
          y: 1,
          yref: 'paper' as const,
          yanchor: 'bottom' as const,
          text: `mean ${mean.toFixed(2)}`,
          showarrow: false,
          font: { size: 11, color: '#555' },
        },
      ],
      shapes: [
        {
          type: 'line' as const,
          x0: mean,
          x1: mean,
          yref: 'paper' as const,
          y0: 0,
          y1: 1,
          line: { dash: 'dash' as const, color: '#555' },
        },
      ],
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    }),
    [mean, ticks],
  );
  return (
    <PlotlyChart
      data={data}
      layout={layout}
      height={420}
      label={`Silhouette plot of ${silhouettes.length} customers; mean ${mean.toFixed(2)}`}
    />
  );
}
