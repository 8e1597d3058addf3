import { useEffect, useMemo, useState } from 'react';
import { assignCustomers } from '../../../shared/segments/assign';
import { applyPreprocessing, type RawFeatures } from '../../../shared/ml/preprocess';
import { projectPoint } from '../../../shared/segments/map';
import type { ModelSummary } from '../../../shared/domain';
import { formatValue } from '../format';
import { UserText } from './UserText';

const STEPS = 200;

/**
 * Assign one customer: a slider per numeric feature (the data's range) and a picker per category;
 * the segment updates as they move, with how close the next segment is. Computed in the page
 * with the model's own preprocessing and centroids (one customer is a few dozen operations).
 */
export interface TriedCustomer {
  /** Position on the first three principal components (as the segment map draws customers). */
  coordinates: number[];
  cluster: number;
}

export function TryCustomer({
  model,
  onChange,
}: {
  model: ModelSummary;
  /** Told where the customer falls, so the segment map can mark it. */
  onChange?: (customer: TriedCustomer) => void;
}) {
  const { preprocessing } = model;
  const [numeric, setNumeric] = useState<number[]>(() => model.overallMeans.slice());
  const [categories, setCategories] = useState<string[]>(() => preprocessing.categorical.map((c) => c.levels[0] ?? ''));

  const result = useMemo(() => {
    const raw: RawFeatures = {
      rows: 1,
      numeric: preprocessing.numeric.map((step, j) => ({ name: step.name, values: Float64Array.of(numeric[j]) })),
      categorical: preprocessing.categorical.map((step, j) => ({
        name: step.name,
        levels: step.levels,
        codes: Int32Array.of(step.levels.indexOf(categories[j])),
      })),
    };
    const assignment = assignCustomers(raw, preprocessing, model.centroidsScaled);
    const distance = assignment.distances[0];
    const margin = assignment.margins[0];
    const coordinates = projectPoint(applyPreprocessing(raw, preprocessing).data, model.pca);
    return {
      coordinates,
      cluster: assignment.labels[0],
      segment: model.segments[assignment.labels[0]],
      next: model.segments[assignment.runnersUp[0]],
      // Relative margin: 0% on the border, higher when the next segment is much farther away.
      closeness: distance + margin > 0 ? margin / (distance + margin) : 1,
    };
  }, [numeric, categories, preprocessing, model]);
  // The map marks the customer once the user starts trying one.
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (touched) onChange?.({ coordinates: result.coordinates, cluster: result.cluster });
  }, [result, onChange, touched]);

  return (
    <section aria-labelledby="try-heading" className="card">
      <h3 id="try-heading">Try a customer</h3>
      <div className="try-customer">
        <div className="try-customer__inputs">
          {preprocessing.numeric.map((step, j) => {
            const { min, max } = model.ranges[j];
            const increment = max > min ? (max - min) / STEPS : 1;
            return (
              <label key={step.name} className="slider">
                <span className="slider__name">
                  <UserText>{step.name}</UserText>
                </span>
                <input
                  type="range"
                  min={min}
                  max={max}
                  step={increment}
                  value={numeric[j]}
                  aria-label={step.name}
                  aria-valuetext={formatValue(numeric[j])}
                  onChange={(event) => {
                    const next = numeric.slice();
                    next[j] = Number(event.target.value);
                    setNumeric(next);
                    setTouched(true);
                  }}
                />
                <span className="slider__value">{formatValue(numeric[j])}</span>
              </label>
            );
          })}
          {preprocessing.categorical.map((step, j) => (
            <label key={step.name} className="slider">
              <span className="slider__name">
                <UserText>{step.name}</UserText>
              </span>
              <select
                value={categories[j]}
                aria-label={step.name}
                onChange={(event) => {
                  const next = categories.slice();
                  next[j] = event.target.value;
                  setCategories(next);
                  setTouched(true);
                }}
              >
                {step.levels.map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <div className="try-customer__result" role="status" aria-live="polite" aria-label="Segment of this customer">
          <span className="swatch swatch--large" style={{ background: result.segment.colour }} aria-hidden="true" />
          <div>
            <div className="try-customer__segment">
              <UserText>{result.segment.name}</UserText>
            </div>
            {result.next && (
              <div className="muted small">
                {result.closeness < 0.1
                  ? `On the border with ${result.next.name}.`
                  : `Next closest: ${result.next.name} (${Math.round(result.closeness * 100)}% margin).`}
              </div>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
