import { useClient } from '../hooks/useClient';
import { columnMeaning } from '../../../shared/segments/meanings';
import { ColumnMeaningFields, MeaningNote } from '../components/ColumnMeaning';
import { useAsync } from '../hooks/useAsync';
import { ExploreData } from '../components/ExploreData';
import { ErrorMessage } from '../components/ErrorMessage';
import { RowsTable } from '../components/RowsTable';
import { ChooseK } from '../components/ChooseK';
import { ModelList } from '../components/ModelList';
import { defaultFeatureChoice, FeatureSetup, type FeatureChoice } from '../components/FeatureSetup';
import { useEffect, useRef, useState } from 'react';
import { Stepper } from '../components/Stepper';
import { scrollToStep, stepSectionId, type DatasetStep, type ModelStep, type StepId } from '../flow';
import type { DatasetSetup } from '../../../shared/setup';
import type { DatasetDescription } from '../../../shared/import/describe';
import { RecipeSteps } from '../components/RecipeSteps';
import { KIND_LABELS } from '../format';
import { UserText } from '../components/UserText';
import { isolated } from '../../../shared/text/bidi';
import { accountText } from '../../../shared/import/account';
import styles from './DatasetPage.module.css';

export function DatasetPage({
  datasetId,
  step,
  isSample,
  onStep,
  onOpenModel,
}: {
  datasetId: number;
  /** The step of the work shown (its section is scrolled into view). */
  step: DatasetStep;
  isSample: boolean;
  onStep: (step: DatasetStep) => void;
  onOpenModel: (modelId: number, step?: ModelStep) => void;
}) {
  const { api } = useClient();
  const dataset = useAsync(() => api.getDataset({ datasetId }), [api, datasetId]);
  const models = useAsync(() => api.listModels({ datasetId }), [api, datasetId]);
  const [choice, setChoice] = useState<FeatureChoice | null>(null);
  // The data summary: undefined until it is computed (or has failed: null).
  const [description, setDescription] = useState<DatasetDescription | null | undefined>(undefined);
  const [fixError, setFixError] = useState<Error | null>(null);
  const [meaningError, setMeaningError] = useState<Error | null>(null);
  // The k range and k chosen below, as last saved (they are saved with the features).
  const kSetup = useRef<Pick<DatasetSetup, 'kMin' | 'kMax' | 'k'> | null>(null);
  const loaded = dataset.data !== undefined && dataset.data !== null;
  // The step's section comes into view when the page is ready and whenever the step changes.
  useEffect(() => {
    if (loaded) scrollToStep(step);
  }, [loaded, step]);
  if (dataset.error) return <ErrorMessage error={dataset.error} />;
  const d = dataset.data;
  if (!d) return <p className="muted">Loading…</p>;
  // A column left out in the data summary leaves the chosen features too; so does one that is gone.
  const usable = new Set(d.columns.filter((c) => !c.excluded).map((c) => c.name));
  const remembered = d.setup
    ? {
        features: d.setup.features.filter((f) => usable.has(f)),
        scaling: d.setup.scaling,
        logFeatures: d.setup.logFeatures.filter((f) => usable.has(f)),
      }
    : null;
  // Without a remembered setup, the defaults wait for the data summary (flags, codes, twins).
  const waiting = !choice && !remembered && description === undefined;
  const current = choice ?? remembered ?? defaultFeatureChoice(d, description ?? null);
  const features = { ...current, features: current.features.filter((f) => usable.has(f)) };
  // Whatever the user sets up is remembered with the dataset: it comes back when they return.
  const save = (next: FeatureChoice, k: Pick<DatasetSetup, 'kMin' | 'kMax' | 'k'> | null) => {
    const ks = k ?? kSetup.current ?? { kMin: d.setup?.kMin ?? 2, kMax: d.setup?.kMax ?? 10, k: d.setup?.k ?? 4 };
    void api
      .saveDatasetSetup({ datasetId: d.id, setup: { ...next, logFeatures: next.logFeatures, ...ks } })
      .catch(() => {});
  };
  const changeChoice = (next: FeatureChoice) => {
    setChoice(next);
    save(next, null);
  };
  const changeK = (ks: Pick<DatasetSetup, 'kMin' | 'kMax' | 'k'>) => {
    kSetup.current = ks;
    save(features, ks);
  };
  const newest = models.data && models.data.length > 0 ? models.data[models.data.length - 1] : null;
  const go = (next: StepId) => {
    if (next === 'segments' || next === 'share') {
      if (newest) onOpenModel(newest.id, next);
      return;
    }
    if (next === step) scrollToStep(next);
    else onStep(next);
  };
  return (
    <article className="page">
      <Stepper
        current={step}
        go={go}
        done={{
          data: true,
          explore: description !== undefined && description !== null,
          features: (d.setup?.features.length ?? 0) > 0,
          k: newest !== null,
          segments: newest !== null,
        }}
        unavailable={newest ? {} : { segments: 'Train a model first (step 4)', share: 'Train a model first (step 4)' }}
        note={isSample && !newest ? 'Start here: this is sample data to try every step on.' : undefined}
      />
      <section id={stepSectionId('data')} aria-labelledby="dataset-heading">
        <h2 id="dataset-heading">
          <UserText>{d.name}</UserText>
        </h2>
        <p className="muted">
          <UserText>{d.fileName}</UserText> · {d.rows.toLocaleString()} customers · {d.columns.length} columns
        </p>
        {d.import && (
          <p className="muted small" aria-label="What the import did">
            Imported: {accountText(d.import)}
          </p>
        )}
        {models.data && models.data.length > 0 && (
          <ModelList models={models.data} onOpen={(id) => onOpenModel(id)} onChanged={models.reload} />
        )}
        {d.recipe && <RecipeSteps recipe={d.recipe} />}
      </section>

      <section aria-labelledby="columns-heading">
        <h3 id="columns-heading">Columns</h3>
        <div className="table-scroll">
          <table aria-label="Columns">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
                <th scope="col">Missing</th>
                <th scope="col">Why this type</th>
                {d.recipe && <th scope="col">Label</th>}
                {d.recipe && <th scope="col">Means</th>}
              </tr>
            </thead>
            <tbody>
              {d.columns.map((c) => (
                <tr key={c.name}>
                  <th scope="row">
                    <span className={styles.columnName} title={isolated(c.name)}>
                      <UserText>{c.name}</UserText>
                    </span>
                  </th>
                  <td>{KIND_LABELS[c.kind]}</td>
                  <td className="number">{c.missing.toLocaleString()}</td>
                  <td className="muted why-cell">{c.note ?? ''}</td>
                  {d.recipe && (
                    <ColumnMeaningFields
                      column={c.name}
                      numeric={c.kind === 'numeric'}
                      {...columnMeaning(d.recipe, c.name)}
                      onChange={({ label, meaning }) => {
                        setMeaningError(null);
                        api
                          .setColumnMeaning({ datasetId: d.id, column: c.name, label, meaning })
                          .then(dataset.reload, (error: Error) => setMeaningError(error));
                      }}
                    />
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.recipe && <MeaningNote />}
        <ErrorMessage error={meaningError} onDismiss={() => setMeaningError(null)} />
      </section>
      <section aria-labelledby="preview-heading">
        <h3 id="preview-heading">First {d.preview.length} customers</h3>
        <div className="table-scroll">
          <RowsTable
            label="Data preview"
            className={styles.tableCompact}
            columns={d.columns.map((c) => c.name)}
            rows={d.preview}
          />
        </div>
      </section>

      <div id={stepSectionId('explore')}>
        <ExploreData
          key={d.id}
          datasetId={d.id}
          columns={d.columns}
          onChanged={dataset.reload}
          onDescribed={setDescription}
        />
      </div>

      <div id={stepSectionId('features')}>
        <FeatureSetup
          dataset={d}
          choice={features}
          onChange={changeChoice}
          description={description ?? null}
          waiting={waiting}
          onFix={(column, fix) => {
            setFixError(null);
            api.fixColumn({ datasetId: d.id, column, fix }).then(dataset.reload, (error: Error) => setFixError(error));
          }}
        />
        <ErrorMessage error={fixError} onDismiss={() => setFixError(null)} />
      </div>
      <div id={stepSectionId('k')}>
        <ChooseK
          dataset={d}
          choice={features}
          onTrained={(id) => onOpenModel(id)}
          onSetup={changeK}
          waiting={waiting}
        />
      </div>
    </article>
  );
}
