import type { DatasetSummary } from '../../../shared/domain';
import { SCALING_LABELS, type Scaling } from '../../../shared/ml/preprocess';
import { UserText } from './UserText';

import type { DatasetDescription } from '../../../shared/import/describe';
import { defaultFeatures, logRefusal } from '../../../shared/segments/defaultFeatures';
import styles from './FeatureSetup.module.css';

export interface FeatureChoice {
  features: string[];
  scaling: Scaling;
  logFeatures: string[];
}

/**
 * The numeric columns that describe customers are used by default (identifiers in disguise,
 * constants, flags, codes and one of each near-duplicate pair are left out, each with its reason);
 * categories are one-hot encoded when chosen.
 */
export function defaultFeatureChoice(dataset: DatasetSummary, description: DatasetDescription | null): FeatureChoice {
  return { features: defaultFeatures(dataset, description).features, scaling: 'standard', logFeatures: [] };
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
  description,
  waiting = false,
  onFix,
}: {
  dataset: DatasetSummary;
  choice: FeatureChoice;
  onChange: (choice: FeatureChoice) => void;
  /** The data summary (null until computed): why columns are left out, where a log makes sense. */
  description: DatasetDescription | null;
  /** The default features are being worked out (the data summary is being computed). */
  waiting?: boolean;
  /** Read a column of whole-number codes as categories. */
  onFix: (column: string, fix: 'as-category') => void;
}) {
  const defaults = defaultFeatures(dataset, description);
  const stats = new Map((description?.columns ?? []).map((c) => [c.name, c]));
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
      {waiting && (
        <p className="muted" role="status">
          Working out the default features from the data summary…
        </p>
      )}
      <fieldset className="feature-list" disabled={waiting}>
        <legend>
          Features ({choice.features.length} of {usable.length} usable columns)
        </legend>
        <div className={styles.featureListActions}>
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
            <div key={c.name} className={styles.feature}>
              <label className="checkbox">
                <input type="checkbox" checked={on} onChange={(event) => toggle(c.name, event.target.checked)} />
                <UserText>{c.name}</UserText>
              </label>
              {c.kind === 'categorical' ? (
                <span className={styles.tag}>category</span>
              ) : (
                <label
                  className={`checkbox ${styles.checkboxSmall}`}
                  title={logRefusal(stats.get(c.name)) ?? 'log(1 + x) tames long tails such as spend'}
                >
                  <input
                    type="checkbox"
                    disabled={!on || logRefusal(stats.get(c.name)) !== null}
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
      {(defaults.leftOut.length > 0 || defaults.ask.length > 0) && (
        <details className={styles.leftOut} open={!dataset.setup}>
          <summary>
            Left out by default ({defaults.leftOut.length}){defaults.ask.length > 0 ? ', and a question' : ''}
          </summary>
          <ul aria-label="Columns left out by default">
            {defaults.leftOut.map((l) => (
              <li key={l.name}>
                <UserText>{l.name}</UserText>: {l.reason}.{' '}
                {l.code && (
                  <button type="button" className="button button--link" onClick={() => onFix(l.name, 'as-category')}>
                    Make <UserText>{l.name}</UserText> a category
                  </button>
                )}
              </li>
            ))}
            {defaults.ask.map((a) => (
              <li key={a.name}>
                <UserText>{a.name}</UserText> ({a.values}): a count, or a code whose numbers name groups?{' '}
                <button type="button" className="button button--link" onClick={() => onFix(a.name, 'as-category')}>
                  It is a code: make it a category
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
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
