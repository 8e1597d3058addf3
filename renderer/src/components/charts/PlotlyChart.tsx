import { createContext, useContext, useEffect, useRef } from 'react';
import Plotly from 'plotly.js-strict-dist-min';
import type { Config, Data, Layout, PlotMouseEvent } from 'plotly.js';

export interface PlotlyChartProps {
  data: Data[];
  layout: Partial<Layout>;
  /** Accessible name of the chart (it is an image to screen readers; give the numbers elsewhere). */
  label: string;
  onPointClick?: (x: number) => void;
  height?: number;
  /** A fixed width in pixels and no interaction: for the printed report and slides. */
  width?: number;
  staticPlot?: boolean;
}

/**
 * Counts charts still drawing, so a page (the report) can tell when every chart is on screen
 * before it is printed. Outside a tracker, charts just draw.
 */
export interface ChartTracker {
  pending: number;
  drawn: number;
  failed: string | null;
}
export const ChartTrackerContext = createContext<ChartTracker | null>(null);

const CONFIG: Partial<Config> = { displayModeBar: false, responsive: true, displaylogo: false };
const STATIC_CONFIG: Partial<Config> = { displayModeBar: false, responsive: false, staticPlot: true };

/** A Plotly chart as a component that takes plain data: the app, the report and the slides share it. */
export function PlotlyChart({
  data,
  layout,
  label,
  onPointClick,
  height = 240,
  width,
  staticPlot = false,
}: PlotlyChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onPointClick);
  const tracker = useContext(ChartTrackerContext);
  useEffect(() => {
    clickRef.current = onPointClick;
  }, [onPointClick]);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (tracker) tracker.pending++;
    const size = width === undefined ? { autosize: true } : { width, autosize: false };
    Plotly.react(element, data, { height, ...size, ...layout }, staticPlot ? STATIC_CONFIG : CONFIG).then(
      (plot) => {
        if (tracker) {
          tracker.pending--;
          tracker.drawn++;
        }
        if (staticPlot) return;
        plot.removeAllListeners?.('plotly_click');
        plot.on('plotly_click', (event: PlotMouseEvent) => {
          const x = event.points[0]?.x;
          if (typeof x === 'number') clickRef.current?.(x);
        });
      },
      (error: unknown) => {
        if (tracker) {
          tracker.pending--;
          tracker.failed = `${label}: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
    );
  }, [data, layout, height, width, staticPlot, tracker, label]);

  useEffect(() => {
    const element = ref.current;
    return () => {
      if (element) Plotly.purge(element);
    };
  }, []);

  // Follow the container, not only the window: a card that grows or shrinks (a resize, a projector,
  // a sidebar) redraws its chart to fit, once per frame.
  useEffect(() => {
    const element = ref.current;
    if (!element || width !== undefined || staticPlot || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    let last = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === last) return;
      last = element.clientWidth;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (element.isConnected && (element as unknown as { _fullLayout?: unknown })._fullLayout) {
          void Plotly.Plots.resize(element);
        }
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [width, staticPlot]);

  return <div ref={ref} className="chart" role="img" aria-label={label} />;
}
