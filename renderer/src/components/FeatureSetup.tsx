import type { DatasetSummary } from '../../../shared/domain';
import { SCALING_LABELS, type Scaling } from '../../../shared/ml/preprocess';
import { UserText } from './UserText';

export interface FeatureChoice {
  features: string[];
  scaling: Scaling;
  logFeatures: string[];
}

/** Numeric columns are used by default; categories are one-hot encoded when chosen. */
export function defaultFeatureChoice(dataset: DatasetSummary): FeatureChoice {
  return {
    features: dataset.columns
      .filter((c) => c.kind === 'numeric' && c.missing < dataset.rows && !c.excluded)
      .map((c) => c.name),
    scaling: 'standard',
    logFeatures: [],
  };
}

export const sameChoice = (a: FeatureChoice, b: Pick<FeatureChoice, 'features' | 'scaling' | 'logFeatures'>) =>
  a.scaling === b.scaling &&
  a.features.length === b.features.length &&
  a.features.every((f) => b.features.includes(f)) &&
  a.logFeatures
    .filter((f) => a.features.includes(f))
    .sort()
    .join('\n') === [...b.logFeatures].sort().join('\n');

/** Choose the features, their scaling and optional log(1 + x); say who is used and how. */
export function FeatureSetup({
  dataset,
  choice,
  onChange,
}: {
  dataset: DatasetSummary;
  choice: FeatureChoice;
  onChange: (choice: FeatureChoice) => void;
}) {
  const usable = dataset.columns.filter((c) => (c.kind === 'numeric' || c.kind === 'categorical') && !c.excluded);
  const order = usable.map((c) => c.name);
  const toggle = (name: string, on: boolean) =>
    onChange({
      ...choice,
      features: on
        ? order.filter((n) => n === name || choice.features.includes(n))
        : choice.features.filter((n) => n !== name),
    });
  const toggleLog = (name: string, on: boolean) =>
    onChange({
      ...choice,
      logFeatures: on ? [...choice.logFeatures, name] : choice.logFeatures.filter((n) => n !== name),
    });
  const withBlanks = usable.filter((c) => choice.features.includes(c.name) && c.missing > 0);
  const numericCount = usable.filter((c) => c.kind === 'numeric').length;

  return (
    <section aria-labelledby="features-heading" className="card">
      <h3 id="features-heading">Features</h3>
      <fieldset className="feature-list">
        <legend>
          Features ({choice.features.length} of {usable.length} usable columns)
        </legend>
        <div className="feature-list__actions">
          <button
            type="button"
            className="button button--link"
            onClick={() =>
              onChange({ ...choice, features: usable.filter((c) => c.kind === 'numeric').map((c) => c.name) })
            }
          >
            All {numericCount} numeric
          </button>
          <button type="button" className="button button--link" onClick={() => onChange({ ...choice, features: [] })}>
            Select none
          </button>
        </div>
        {usable.map((c) => {
          const on = choice.features.includes(c.name);
          return (
            <div key={c.name} className="feature">
              <label className="checkbox">
                <input type="checkbox" checked={on} onChange={(event) => toggle(c.name, event.target.checked)} />
                <UserText>{c.name}</UserText>
              </label>
              {c.kind === 'categorical' ? (
                <span className="tag">category</span>
              ) : (
                <label className="checkbox checkbox--small" title="log(1 + x) tames long tails such as spend">
                  <input
                    type="checkbox"
                    disabled={!on}
                    checked={on && choice.logFeatures.includes(c.name)}
                    onChange={(event) => toggleLog(c.name, event.target.checked)}
                    aria-label={`log(1 + x) of ${c.name}`}
                  />
                  log
                </label>
              )}
            </div>
          );
        })}
      </fieldset>
      <div className="form-row">
        <label>
          Scaling
          <select
            value={choice.scaling}
            onChange={(event) => onChange({ ...choice, scaling: event.target.value as Scaling })}
          >
            {(Object.keys(SCALING_LABELS) as Scaling[]).map((s) => (
              <option key={s} value={s}>
                {SCALING_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        All {dataset.rows.toLocaleString()} customers are used.{' '}
        {withBlanks.length > 0
          ? `Blanks are filled with the column mean (numbers) or counted as "Unknown" (categories): ${withBlanks
              .map((c) => `${c.name} (${c.missing.toLocaleString()})`)
              .join(', ')}.`
          : 'No blanks in the chosen features.'}{' '}
        Categories are one-hot encoded so that each column weighs about as much as one numeric feature.
      </p>
    </section>
  );
}
