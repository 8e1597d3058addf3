import { useMemo } from 'react';
import { columnLabel, type MeaningSource } from '../../../../shared/segments/meanings';
import type { Data } from 'plotly.js';
import type { SegmentMap } from '../../../../shared/segments/map';
import type { SegmentSummary } from '../../../../shared/domain';
import { PlotlyChart } from './PlotlyChart';
import { plain } from './plotlyText';
import { formatValue } from '../../format';

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Customers on the first two principal components, one colour per segment. */
export function SegmentMapChart({
  map,
  segments,
  ids,
  width,
  height = 460,
  staticPlot = false,
  dimensions = 2,
  marker,
  recipe,
}: {
  map: SegmentMap;
  segments: SegmentSummary[];
  ids: (string | null)[];
  /** Fixed size and no interaction: the report and the slides. */
  width?: number;
  height?: number;
  staticPlot?: boolean;
  /** 3 draws the first three principal components in a rotatable WebGL scene (when there are three). */
  dimensions?: 2 | 3;
  /** A customer to point out (from "Try a customer"): position on the components and segment colour. */
  marker?: { coordinates: number[]; colour: string; label: string } | null;
  /** The columns' friendly labels (the model's recipe), for the hover text. */
  recipe?: MeaningSource | null;
}) {
  const threeD = dimensions === 3 && map.z !== null;
  const data = useMemo<Data[]>(() => {
    // Who the customer is and their values, as text (escaped for Plotly's labels).
    const hoverText = (i: number) =>
      [
        `<b>${plain(ids[i] ?? `row ${map.rows[i] + 1}`)}</b>`,
        ...(map.values ?? []).map(
          (column) =>
            `${plain(columnLabel(recipe, column.name))}: ${column.values[i] === null || Number.isNaN(column.values[i]) ? 'blank' : formatValue(column.values[i])}`,
        ),
      ].join('<br>');
    return segments.map((segment) => {
      const members = map.clusters.flatMap((c, i) => (c === segment.cluster ? [i] : []));
      const z = map.z;
      if (threeD && z) {
        return {
          type: 'scatter3d',
          mode: 'markers',
          name: plain(segment.name),
          x: members.map((i) => map.x[i]),
          y: members.map((i) => map.y[i]),
          z: members.map((i) => z[i]),
          text: members.map(hoverText),
          hovertemplate: '%{text}<extra>%{fullData.name}</extra>',
          marker: { color: segment.colour, size: 2.5, opacity: 0.8 },
        };
      }
      return {
        // WebGL on screen (tens of thousands of points stay smooth); SVG when printed, so the PDF is vector.
        type: staticPlot ? 'scatter' : 'scattergl',
        mode: 'markers',
        name: plain(segment.name),
        x: members.map((i) => map.x[i]),
        y: members.map((i) => map.y[i]),
        text: members.map(hoverText),
        hovertemplate: '%{text}<extra>%{fullData.name}</extra>',
        marker: { color: segment.colour, size: map.rows.length > 10_000 ? 3 : 5, opacity: 0.7 },
      };
    });
  }, [map, segments, ids, threeD, staticPlot, recipe]);
  const withMarker = useMemo<Data[]>(() => {
    if (!marker) return data;
    const [x, y, z] = marker.coordinates;
    const style = { color: marker.colour, size: threeD ? 9 : 18, symbol: 'star', line: { color: '#000', width: 2 } };
    const trace: Data =
      threeD && z !== undefined
        ? {
            type: 'scatter3d',
            mode: 'markers',
            name: marker.label,
            x: [x],
            y: [y],
            z: [z],
            marker: { ...style, symbol: 'diamond' },
          }
        : { type: 'scatter', mode: 'markers', name: marker.label, x: [x], y: [y], marker: style, hoverinfo: 'name' };
    return [...data, trace];
  }, [data, marker, threeD]);
  const layout = useMemo(
    () => ({
      ...(threeD
        ? {
            scene: {
              xaxis: { title: { text: `PC1 (${percent(map.explainedVarianceRatio[0])})` } },
              yaxis: { title: { text: `PC2 (${percent(map.explainedVarianceRatio[1])})` } },
              zaxis: { title: { text: `PC3 (${percent(map.thirdVarianceRatio ?? 0)})` } },
            },
          }
        : {}),
      margin: threeD ? { l: 0, r: 0, t: 0, b: 48 } : { l: 56, r: 16, t: 16, b: 48 },
      xaxis: { title: { text: `PC1 (${percent(map.explainedVarianceRatio[0])} of the variance)` }, zeroline: false },
      yaxis: { title: { text: `PC2 (${percent(map.explainedVarianceRatio[1])} of the variance)` }, zeroline: false },
      legend: { orientation: 'h' as const, y: -0.2 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
    }),
    [map, threeD],
  );
  return (
    <PlotlyChart
      data={withMarker}
      layout={layout}
      height={height}
      width={width}
      staticPlot={staticPlot}
      label={`Segment map${threeD ? ' (3-D)' : ''}: ${map.rows.length} customers on the first ${threeD ? 'three' : 'two'} principal components`}
    />
  );
}
