import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { SegmentSummary } from '../../../../shared/domain';
import type { BoxStats } from '../../../../shared/segments/distribution';
import { PlotlyChart } from './PlotlyChart';
import { plain } from './plotlyText';

/**
 * One numeric column by segment: median, quartiles and whiskers (Tukey), from statistics computed
 * elsewhere (the worker). Plain data in, a chart out.
 */
export function BoxPlots({
  feature,
  stats,
  segments,
}: {
  feature: string;
  stats: BoxStats[];
  segments: Pick<SegmentSummary, 'name' | 'colour'>[];
}) {
  const data = useMemo<Data[]>(
    () =>
      stats
        .filter((s) => s.count > 0)
        .map((s) => {
          const segment = segments[s.cluster];
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
    [stats, segments],
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
    <PlotlyChart
      data={data}
      layout={layout}
      height={Math.max(200, 46 * segments.length + 70)}
      label={`Box plots of ${feature} by segment: ${stats
        .filter((s) => s.count > 0)
        .map((s) => `${segments[s.cluster].name} median ${s.median}`)
        .join(', ')}`}
    />
  );
}
