import { useMemo } from 'react';
import { columnLabel } from '../../../../shared/segments/meanings';
import type { Data } from 'plotly.js';
import type { ModelSummary } from '../../../../shared/domain';
import { PlotlyChart } from './PlotlyChart';
import { featureZScores } from '../../../../shared/segments/traits';
import { plain } from './plotlyText';

/** Each segment's mean of each feature, in standard deviations from the average (z-scores). */
export function ProfileHeatmap({ model }: { model: ModelSummary }) {
  const data = useMemo<Data[]>(() => {
    const z = model.segments.map((s) => featureZScores(model, s.means));
    return [
      {
        type: 'heatmap',
        z,
        x: model.numericFeatures.map((f) => plain(columnLabel(model.recipe, f))),
        y: model.segments.map((s) => plain(s.name)),
        zmid: 0,
        zmin: -2,
        zmax: 2,
        colorscale: [
          [0, '#D55E00'],
          [0.5, '#f7f7f7'],
          [1, '#009E73'],
        ],
        colorbar: { title: { text: 'SD' } },
        hovertemplate: '%{y}<br>%{x}: %{z:.2f} SD<extra></extra>',
      },
    ];
  }, [model]);
  const layout = useMemo(
    () => ({
      margin: { l: 200, r: 16, t: 16, b: 120 },
      xaxis: { tickangle: -35, automargin: true },
      yaxis: { automargin: true, autorange: 'reversed' as const },
      paper_bgcolor: 'rgba(0,0,0,0)',
    }),
    [],
  );
  return (
    <PlotlyChart
      data={data}
      layout={layout}
      height={Math.max(240, 60 * model.segments.length + 140)}
      label="Profile heatmap: each segment's feature means in standard deviations from the average"
    />
  );
}
