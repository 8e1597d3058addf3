import { useState } from 'react';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from './ErrorMessage';
import type { ModelListItem } from '../../../shared/domain';
import styles from './ModelList.module.css';

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ModelRow({ model, onOpen, onChanged }: { model: ModelListItem; onOpen: () => void; onChanged: () => void }) {
  const { api } = useClient();
  const [name, setName] = useState(model.name);
  const [error, setError] = useState<Error | null>(null);
  const save = async () => {
    if (name.trim() === model.name) return;
    try {
      await api.renameModel({ modelId: model.id, name });
      setError(null);
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete "${model.name}" and its segments? The dataset stays.`)) return;
    try {
      await api.deleteModel({ modelId: model.id });
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <tr>
      <td>
        <input
          className={`inline-field ${styles.inlineInput}`}
          value={name}
          maxLength={120}
          aria-label={`Name of model ${model.id}`}
          onChange={(event) => setName(event.target.value)}
          onBlur={() => void save()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void save();
          }}
        />
        <ErrorMessage error={error} />
      </td>
      <td className="number">{model.k}</td>
      <td className="number">{model.silhouette.toFixed(2)}</td>
      <td>{date.format(new Date(model.createdAt))}</td>
      <td className={styles.actions}>
        <button type="button" className="button button--link" onClick={onOpen} aria-label={`Open ${model.name}`}>
          Open
        </button>
        <button
          type="button"
          className="button button--link"
          onClick={() => void remove()}
          aria-label={`Delete ${model.name}`}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

/** The dataset's segmentations with k, score and date: open, rename in place, delete. */
export function ModelList({
  models,
  onOpen,
  onChanged,
}: {
  models: ModelListItem[];
  onOpen: (modelId: number) => void;
  onChanged: () => void;
}) {
  return (
    <section aria-labelledby="models-heading">
      <h3 id="models-heading">Segmentations</h3>
      <div className="table-scroll">
        <table aria-label="Segmentations">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="number">
                Segments
              </th>
              <th scope="col" className="number">
                Silhouette
              </th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <ModelRow key={m.id} model={m} onOpen={() => onOpen(m.id)} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
