import { useEffect, useRef, useState } from 'react';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from './ErrorMessage';
import { formatCount, formatShare } from '../format';
import { segmentTraits } from '../../../shared/segments/traits';
import { columnLabel } from '../../../shared/segments/meanings';
import { signedSd, strategyReasons } from '../../../shared/segments/naming';
import type { ModelSummary, SegmentSummary } from '../../../shared/domain';
import { UserText } from './UserText';
import styles from './SegmentCards.module.css';

const SAVE_DELAY_MS = 400;

export type SegmentField = 'name' | 'description' | 'strategy' | 'colour';

/** One saved edit, kept so it can be undone. */
export interface SegmentEdit {
  cluster: number;
  field: SegmentField;
  before: string;
  after: string;
}

/**
 * Saves edits as the user types (debounced), and flushes on blur, on unmount and when the page is
 * closed, so nothing is lost. Each save is reported with the value it replaced (for undo).
 */
function useAutosave(
  save: (value: string) => Promise<unknown>,
  initial: string,
  onSavedEdit?: (before: string, after: string) => void,
) {
  const [value, setValue] = useState(initial);
  const saved = useRef(initial);

  const editRef = useRef(onSavedEdit);
  useEffect(() => {
    editRef.current = onSavedEdit;
  }, [onSavedEdit]);
  const [status, setStatus] = useState<'saved' | 'saving' | 'error'>('saved');
  const [error, setError] = useState<Error | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<string | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    if (next === null) return;
    pending.current = null;
    setStatus('saving');
    const before = saved.current;
    saved.current = next;
    saveRef.current(next).then(
      () => {
        setStatus('saved');
        setError(null);
        if (before !== next) editRef.current?.(before, next);
      },
      (e: unknown) => {
        setStatus('error');
        setError(e as Error);
      },
    );
  };
  // A value changed elsewhere (undo) replaces the shown one, unless an edit is waiting to be saved.
  useEffect(() => {
    if (pending.current === null && initial !== saved.current) {
      saved.current = initial;
      setValue(initial);
    }
  }, [initial]);
  const change = (next: string) => {
    setValue(next);
    pending.current = next;
    setStatus('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DELAY_MS);
  };
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
  return { value, change, flush, status, error };
}

function SegmentCard({
  model,
  segment,
  onSaved,
  onEdit,
}: {
  model: ModelSummary;
  segment: SegmentSummary;
  onSaved: () => void;
  onEdit?: (edit: SegmentEdit) => void;
}) {
  const { api } = useClient();
  const edited = (field: SegmentField) => (before: string, after: string) =>
    onEdit?.({ cluster: segment.cluster, field, before, after });
  const name = useAutosave(
    (value) => api.updateSegment({ modelId: model.id, cluster: segment.cluster, name: value }).then(onSaved),
    segment.name,
    edited('name'),
  );
  const strategy = useAutosave(
    (value) => api.updateSegment({ modelId: model.id, cluster: segment.cluster, strategy: value }).then(onSaved),
    segment.strategy,
    edited('strategy'),
  );
  const description = useAutosave(
    (value) => api.updateSegment({ modelId: model.id, cluster: segment.cluster, description: value }).then(onSaved),
    segment.description,
    edited('description'),
  );
  const traits = segmentTraits(model, segment.cluster, 4);
  const [colour, setColour] = useState(segment.colour);
  return (
    <article className={styles.segmentCard} aria-label={`Segment ${segment.cluster + 1}`}>
      <header className={styles.segmentCardHeader}>
        <input
          type="color"
          className={styles.segmentCardColour}
          value={colour}
          aria-label={`Colour of segment ${segment.cluster + 1}`}
          onChange={(event) => {
            const next = event.target.value;
            const before = colour;
            setColour(next);
            void api.updateSegment({ modelId: model.id, cluster: segment.cluster, colour: next }).then(() => {
              onSaved();
              onEdit?.({ cluster: segment.cluster, field: 'colour', before, after: next });
            });
          }}
        />
        <input
          className={`inline-field ${styles.segmentCardName}`}
          value={name.value}
          onChange={(event) => name.change(event.target.value)}
          onBlur={name.flush}
          aria-label={`Name of segment ${segment.cluster + 1}`}
          maxLength={80}
        />
      </header>
      <p className={styles.segmentCardSize}>
        {formatCount(segment.size)} customers · {formatShare(segment.share)}
      </p>
      {model.preprocessing.categorical.length > 0 && (
        <ul aria-label={`Categories of segment ${segment.cluster + 1}`}>
          {model.preprocessing.categorical.map((step, f) => {
            const shares = step.levels
              .map((level, l) => ({ level, share: segment.categoryShares[f]?.[l] ?? 0 }))
              .filter((x) => x.share > 0)
              .sort((a, b) => b.share - a.share)
              .slice(0, 3);
            return (
              <li key={step.name}>
                <UserText>{columnLabel(model.recipe, step.name)}</UserText>:{' '}
                {shares.map((x, i) => (
                  <span key={x.level}>
                    {i > 0 ? ', ' : ''}
                    {formatShare(x.share)} <UserText>{x.level}</UserText>
                  </span>
                ))}
              </li>
            );
          })}
        </ul>
      )}
      {traits.length > 0 ? (
        <ul className={styles.segmentCardTraits} aria-label={`Traits of segment ${segment.cluster + 1}`}>
          {traits.map((t) => (
            <li key={t.feature} className={t.z > 0 ? styles.traitHigh : styles.traitLow} title={t.feature}>
              <UserText>{t.label}</UserText>
              {t.text.slice(t.label.length)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Close to the average on every feature.</p>
      )}
      <label className={styles.segmentCardStrategy}>
        Description
        <textarea
          className="field"
          value={description.value}
          rows={2}
          onChange={(event) => description.change(event.target.value)}
          onBlur={description.flush}
          aria-label={`Description of segment ${segment.cluster + 1}`}
        />
      </label>
      <label className={styles.segmentCardStrategy}>
        Strategy
        <textarea
          className="field"
          value={strategy.value}
          rows={4}
          onChange={(event) => strategy.change(event.target.value)}
          onBlur={strategy.flush}
          aria-label={`Strategy for segment ${segment.cluster + 1}`}
        />
      </label>
      <Because reasons={strategyReasons(model, segment.cluster, strategy.value)} />
      <p className="muted small" aria-live="polite">
        {[name, description, strategy].some((field) => field.status === 'saving') ? 'Saving…' : 'Saved'}
      </p>
      <p className="muted small">Blank line: new paragraph · “- ” at the start of a line: a bullet · **bold**</p>
      <ErrorMessage error={name.error ?? description.error ?? strategy.error} />
    </article>
  );
}

/** Why a playbook strategy fits: the traits behind its conditions (nothing for a strategy the user wrote). */
export function Because({ reasons }: { reasons: { label: string; z: number }[] | null }) {
  if (!reasons || reasons.length === 0) return null;
  return (
    <p className={`${styles.segmentCardBecause} small`}>
      Because:{' '}
      {reasons.map((r, i) => (
        <span key={r.label}>
          {i > 0 ? ', ' : ''}
          <UserText>{r.label}</UserText> {signedSd(r.z)}
        </span>
      ))}
    </p>
  );
}

/** One card per segment: size, the traits that set it apart, and its editable name and strategy. */
export function SegmentCards({
  model,
  onSaved,
  onEdit,
  onUndo,
  lastEdit,
}: {
  model: ModelSummary;
  onSaved: () => void;
  onEdit?: (edit: SegmentEdit) => void;
  onUndo?: () => void;
  lastEdit?: SegmentEdit | null;
}) {
  return (
    <section aria-labelledby="cards-heading">
      <div className="section-header">
        <h3 id="cards-heading">Segments at a glance</h3>
        {onUndo && (
          <button
            type="button"
            className="button button--secondary"
            onClick={onUndo}
            disabled={!lastEdit}
            title={lastEdit ? `Undo: ${lastEdit.field} of segment ${lastEdit.cluster + 1}` : 'Nothing to undo'}
          >
            Undo last edit
          </button>
        )}
      </div>
      <div className={styles.segmentCards}>
        {model.segments.map((s) => (
          <SegmentCard key={s.cluster} model={model} segment={s} onSaved={onSaved} onEdit={onEdit} />
        ))}
      </div>
      <p className="muted small">
        Traits compare each segment with all customers, in standard deviations. They are descriptive only: the segments
        were made to differ, so significance tests do not apply.
      </p>
    </section>
  );
}
