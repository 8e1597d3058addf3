import { useEffect, useRef } from 'react';
import Plotly from 'plotly.js-strict-dist-min';
import type { Config, Data, Layout, PlotMouseEvent } from 'plotly.js';

export interface PlotlyChartProps {
  data: Data[];
  layout: Partial<Layout>;
  /** Accessible name of the chart (it is an image to screen readers; give the numbers elsewhere). */
  label: string;
  onPointClick?: (x: number) => void;
  height?: number;
}

const CONFIG: Partial<Config> = { displayModeBar: false, responsive: true, displaylogo: false };

/** A Plotly chart as a component that takes plain data: the app and the report share it. */
export function PlotlyChart({ data, layout, label, onPointClick, height = 240 }: PlotlyChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onPointClick);
  useEffect(() => {
    clickRef.current = onPointClick;
  }, [onPointClick]);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    void Plotly.react(element, data, { height, autosize: true, ...layout }, CONFIG).then((plot) => {
      plot.removeAllListeners?.('plotly_click');
      plot.on('plotly_click', (event: PlotMouseEvent) => {
        const x = event.points[0]?.x;
        if (typeof x === 'number') clickRef.current?.(x);
      });
    });
  }, [data, layout, height]);

  useEffect(() => {
    const element = ref.current;
    return () => {
      if (element) Plotly.purge(element);
    };
  }, []);

  return <div ref={ref} className="chart" role="img" aria-label={label} />;
}
