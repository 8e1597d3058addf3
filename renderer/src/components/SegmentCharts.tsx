import { useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { SegmentMapChart } from './charts/SegmentMapChart';
import { ProfileHeatmap } from './charts/ProfileHeatmap';
import { SilhouettePlot } from './charts/SilhouettePlot';
import { CentroidRadar, SegmentSizesChart } from './charts/SegmentShapes';
import { FeatureBoxPlots } from './FeatureBoxPlots';
import type { ModelSummary } from '../../../shared/domain';
import type { CallResult } from '../../../shared/api/contract';
import type { TriedCustomer } from './TryCustomer';
import styles from './SegmentCharts.module.css';
import { Radio, RadioGroup } from 'react-aria-components';

/**
 * The segment map (PCA) and the profile heatmap; `beside` (the "try a customer" form) comes right
 * under the map and the silhouette plot, so a customer tried is seen on the map without scrolling.
 */
export function SegmentCharts({
  model,
  tried,
  beside,
}: {
  model: ModelSummary;
  tried?: TriedCustomer | null;
  beside?: ReactNode;
}) {
  const { api } = useClient();
  const job = useJob();
  const { start } = job;
  const [map, setMap] = useState<CallResult<'segmentMap'> | null>(null);
  const [dimensions, setDimensions] = useState<2 | 3>(2);
  useEffect(() => {
    void start((jobId) => api.segmentMap({ jobId, modelId: model.id })).then((result) => {
      if (result) setMap(result);
    });
  }, [api, model.id, start]);
  return (
    <section aria-labelledby="charts-heading">
      <h3 id="charts-heading">Segment map and profiles</h3>
      <div className="chart-grid chart-grid--wide">
        <figure className="chart-card" data-chart="map">
          <JobProgress job={job} label="Drawing the map" onCancel={job.cancel} />
          <ErrorMessage error={job.error} />
          {map?.z && (
            <RadioGroup
              className={styles.segmented}
              orientation="horizontal"
              aria-label="Map dimensions"
              value={String(dimensions)}
              onChange={(v) => setDimensions(v === '3' ? 3 : 2)}
            >
              {([2, 3] as const).map((d) => (
                <Radio key={d} value={String(d)} className={styles.segmentedOption}>
                  {d}-D
                </Radio>
              ))}
            </RadioGroup>
          )}
          {map && (
            <SegmentMapChart
              map={map}
              segments={model.segments}
              ids={map.ids}
              recipe={model.recipe}
              dimensions={dimensions}
              marker={
                tried
                  ? {
                      coordinates: tried.coordinates,
                      colour: model.segments[tried.cluster]?.colour ?? '#000000',
                      label: 'The customer you are trying',
                    }
                  : null
              }
            />
          )}
          {map && (
            <figcaption className="muted small">
              {map.rows.length < map.total
                ? `An even sample of ${map.rows.length.toLocaleString()} of ${map.total.toLocaleString()} customers.`
                : `All ${map.total.toLocaleString()} customers.`}{' '}
              The axes are the {dimensions === 3 ? 'three' : 'two'} directions along which customers differ most
              (principal components){dimensions === 3 ? '; drag to turn the view' : ''}; hover a dot to see who it is.
            </figcaption>
          )}
        </figure>
        {map && (
          <figure className="chart-card" data-chart="silhouette">
            <SilhouettePlot clusters={map.silhouetteClusters} silhouettes={map.silhouettes} segments={model.segments} />
            <figcaption className="muted small">
              Each bar is a customer: long bars sit well inside their segment, bars near or below zero are between
              segments. The dashed line is the mean.
            </figcaption>
          </figure>
        )}
        {beside && <div className={styles.chartGridFull}>{beside}</div>}
        <figure className="chart-card" data-chart="box">
          <FeatureBoxPlots model={model} />
          <figcaption className="muted small">
            The box holds the middle half of the segment&apos;s customers, the line is the median, the whiskers reach
            the last values within 1.5 box-lengths; blanks are left out.
          </figcaption>
        </figure>
        <figure className="chart-card" data-chart="sizes">
          <SegmentSizesChart model={model} />
          <figcaption className="muted small">Customers in each segment.</figcaption>
        </figure>
        {model.numericFeatures.length >= 3 && (
          <figure className="chart-card" data-chart="radar">
            <CentroidRadar model={model} />
            <figcaption className="muted small">
              Each segment&apos;s average customer as a shape: outward is above the average customer (the 0 ring),
              inward below, in standard deviations.
            </figcaption>
          </figure>
        )}
        <figure className="chart-card" data-chart="heatmap">
          <ProfileHeatmap model={model} />
          <figcaption className="muted small">
            Green is above the average customer, orange below, in standard deviations.
          </figcaption>
        </figure>
      </div>
    </section>
  );
}
