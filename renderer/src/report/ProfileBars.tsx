import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { ModelSummary, SegmentSummary } from '../../../shared/domain';
import { featureZScores } from '../../../shared/segments/traits';
import { columnLabel } from '../../../shared/segments/meanings';
import { PlotlyChart } from '../components/charts/PlotlyChart';
import { plain } from '../components/charts/plotlyText';
import { signedTenths } from '../format';

const LIMIT = 3;

/** One segment against the average customer: each numeric feature's mean in standard deviations (vector bars). */
export function ProfileBars({
  model,
  segment,
  width,
  fontSize = 12,
}: {
  model: ModelSummary;
  segment: SegmentSummary;
  width: number;
  fontSize?: number;
}) {
  const z = useMemo(() => featureZScores(model, segment.means), [model, segment.means]);
  const data = useMemo<Data[]>(
    () => [
      {
        type: 'bar',
        orientation: 'h',
        x: z.map((v) => Math.max(-LIMIT, Math.min(LIMIT, v))),
        y: model.numericFeatures.map((f) => plain(columnLabel(model.recipe, f))),
        text: z.map((v) => signedTenths(v)),
        textposition: 'outside',
        cliponaxis: false,
        marker: { color: z.map((v) => (v >= 0 ? segment.colour : '#9aa3b2')) },
        hoverinfo: 'skip',
      },
    ],
    [z, model.numericFeatures, model.recipe, segment.colour],
  );
  const layout = useMemo<Partial<Layout>>(
    () => ({
      margin: { l: 8, r: 40, t: 8, b: 36 },
      font: { family: 'Inter, Arial, sans-serif', size: fontSize, color: '#1d2330' },
      xaxis: {
        range: [-LIMIT - 0.4, LIMIT + 0.4],
        zeroline: true,
        zerolinecolor: '#1d2330',
        zerolinewidth: 1.5,
        title: { text: 'standard deviations from the average customer (0)', font: { size: fontSize - 1 } },
        tickvals: [-3, -2, -1, 0, 1, 2, 3],
        gridcolor: '#e3e6ec',
      },
      yaxis: { autorange: 'reversed', automargin: true },
      showlegend: false,
      bargap: 0.35,
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    }),
    [fontSize],
  );
  return (
    <PlotlyChart
      data={data}
      layout={layout}
      width={width}
      height={Math.max(160, 26 * model.numericFeatures.length + 60)}
      staticPlot
      label={`Profile of ${segment.name} against the average customer`}
    />
  );
}
