import { useEffect, useMemo, useState } from 'react';
import { Input, NumberField, Slider, SliderThumb, SliderTrack } from 'react-aria-components';
import { columnLabel } from '../../../shared/segments/meanings';
import { projectPoint } from '../../../shared/segments/map';
import { scoreCustomer, trySources, type TrySource } from '../../../shared/segments/tryCustomer';
import type { ModelSummary } from '../../../shared/domain';
import { UserText } from './UserText';
import styles from './TryCustomer.module.css';

const STEPS = 200;

/**
 * Assign one customer: a slider and a box to type in per raw column (the data's range; whole
 * numbers step by 1), a picker per category, a date per date column; the model's recipe makes the
 * derived features from them with its learned values, as `assign` does, and the segment updates as
 * they change, with how close the next segment is. Computed in the page (a few dozen operations).
 */
export interface TriedCustomer {
  /** Position on the first three principal components (as the segment map draws customers). */
  coordinates: number[];
  cluster: number;
}

function NumberInput({
  source,
  label,
  value,
  onValue,
}: {
  source: TrySource;
  /** The column's friendly label. */
  label: string;
  value: number;
  onValue: (value: number) => void;
}) {
  const { min, max } = source;
  const whole = source.step === 1;
  const ranged = min !== undefined && max !== undefined && max > min;
  return (
    <div className={styles.slider}>
      <span className={styles.sliderName} title={source.name}>
        <UserText>{label}</UserText>
      </span>
      {ranged ? (
        // React Aria's slider: keyboard (arrows, Page Up/Down, Home/End), touch and the value read out.
        <Slider
          className={styles.range}
          minValue={min}
          maxValue={max}
          step={source.step ?? (max - min) / STEPS}
          value={Math.min(max, Math.max(min, value))}
          onChange={(v) => onValue(v)}
          aria-label={source.name}
          formatOptions={{ maximumFractionDigits: 2 }}
        >
          <SliderTrack className={styles.track}>
            {({ state }) => (
              <>
                <div className={styles.fill} style={{ width: `${state.getThumbPercent(0) * 100}%` }} />
                <SliderThumb className={styles.thumb} />
              </>
            )}
          </SliderTrack>
        </Slider>
      ) : (
        <span />
      )}
      {/* Typed values may pass the data's range; whole-number columns take whole numbers. */}
      <NumberField
        className={styles.sliderInput}
        value={value}
        onChange={(v) => {
          if (Number.isFinite(v)) onValue(v);
        }}
        step={whole ? 1 : undefined}
        formatOptions={{ maximumFractionDigits: whole ? 0 : 2, useGrouping: false }}
        aria-label={`${source.name} value`}
      >
        <Input className={styles.numberInput} />
      </NumberField>
    </div>
  );
}

export function TryCustomer({
  model,
  onChange,
}: {
  model: ModelSummary;
  /** Told where the customer falls, so the segment map can mark it. */
  onChange?: (customer: TriedCustomer) => void;
}) {
  const sources = useMemo(() => trySources(model), [model]);
  const [values, setValues] = useState<Record<string, number | string>>(() =>
    Object.fromEntries(sources.map((s) => [s.name, s.initial])),
  );
  const [touched, setTouched] = useState(false);
  const set = (name: string, value: number | string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setTouched(true);
  };

  const result = useMemo(() => {
    try {
      const { assignment, encoded } = scoreCustomer(model, values);
      const distance = assignment.distances[0];
      const margin = assignment.margins[0];
      return {
        coordinates: projectPoint(encoded, model.pca),
        cluster: assignment.labels[0],
        segment: model.segments[assignment.labels[0]],
        next: model.segments[assignment.runnersUp[0]],
        // Relative margin: 0% on the border, higher when the next segment is much farther away.
        closeness: distance + margin > 0 ? margin / (distance + margin) : 1,
        error: null,
      };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [values, model]);
  // The map marks the customer once the user starts trying one.
  useEffect(() => {
    if (touched && result.error === null) onChange?.({ coordinates: result.coordinates, cluster: result.cluster });
  }, [result, onChange, touched]);

  const derivedNote = model.features.filter((f) => !sources.some((s) => s.name === f));
  return (
    <section aria-labelledby="try-heading" className="card">
      <h3 id="try-heading">Try a customer</h3>
      {derivedNote.length > 0 && (
        <p className="muted small">
          Type the customer&apos;s values as the file has them: {derivedNote.join(', ')}{' '}
          {derivedNote.length === 1 ? 'is' : 'are'} made from them by the import&apos;s recipe, with the values it
          learned.
        </p>
      )}
      <div className={styles.tryCustomer}>
        <div className={styles.tryCustomerInputs}>
          {sources.map((source) =>
            source.kind === 'number' ? (
              <NumberInput
                key={source.name}
                label={columnLabel(model.recipe, source.name)}
                source={source}
                value={Number(values[source.name])}
                onValue={(v) => set(source.name, v)}
              />
            ) : source.kind === 'date' ? (
              <label key={source.name} className={styles.slider}>
                <span className={styles.sliderName}>
                  <UserText>{columnLabel(model.recipe, source.name)}</UserText>
                </span>
                <input
                  type="date"
                  value={String(values[source.name])}
                  aria-label={source.name}
                  onChange={(event) => event.target.value && set(source.name, event.target.value)}
                />
              </label>
            ) : (
              <label key={source.name} className={styles.slider}>
                <span className={styles.sliderName}>
                  <UserText>{columnLabel(model.recipe, source.name)}</UserText>
                </span>
                <select
                  value={String(values[source.name])}
                  aria-label={source.name}
                  onChange={(event) => set(source.name, event.target.value)}
                >
                  {(source.levels ?? []).map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </select>
              </label>
            ),
          )}
        </div>
        {result.error === null ? (
          <div
            className={styles.tryCustomerResult}
            role="status"
            aria-live="polite"
            aria-label="Segment of this customer"
          >
            <span
              className={`swatch ${styles.swatchLarge}`}
              style={{ background: result.segment.colour }}
              aria-hidden="true"
            />
            <div>
              <div className={styles.tryCustomerSegment}>
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
        ) : (
          <p className="warning" role="status">
            {result.error}
          </p>
        )}
      </div>
    </section>
  );
}
