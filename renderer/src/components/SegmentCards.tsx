import { useEffect, useRef, useState } from 'react';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from './ErrorMessage';
import { formatCount, formatShare } from '../format';
import { segmentTraits } from '../../../shared/segments/traits';
import type { ModelSummary, SegmentSummary } from '../../../shared/domain';

const SAVE_DELAY_MS = 400;

/** Saves edits as the user types (debounced), and flushes on blur so nothing is lost. */
function useAutosave(save: (value: string) => Promise<unknown>, initial: string) {
  const [value, setValue] = useState(initial);
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
    saveRef.current(next).then(
      () => {
        setStatus('saved');
        setError(null);
      },
      (e: unknown) => {
        setStatus('error');
        setError(e as Error);
      },
    );
  };
  const change = (next: string) => {
    setValue(next);
    pending.current = next;
    setStatus('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DELAY_MS);
  };
  useEffect(() => () => flush(), []);
  return { value, change, flush, status, error };
}

function SegmentCard({
  model,
  segment,
  onSaved,
}: {
  model: ModelSummary;
  segment: SegmentSummary;
  onSaved: () => void;
}) {
  const { api } = useClient();
  const name = useAutosave(
    (value) => api.updateSegment({ modelId: model.id, cluster: segment.cluster, name: value }).then(onSaved),
    segment.name,
  );
  const strategy = useAutosave(
    (value) => api.updateSegment({ modelId: model.id, cluster: segment.cluster, strategy: value }).then(onSaved),
    segment.strategy,
  );
  const description = useAutosave(
    (value) => api.updateSegment({ modelId: model.id, cluster: segment.cluster, description: value }).then(onSaved),
    segment.description,
  );
  const traits = segmentTraits(model, segment.cluster, 4);
  const [colour, setColour] = useState(segment.colour);
  return (
    <article className="segment-card" aria-label={`Segment ${segment.cluster + 1}`}>
      <header className="segment-card__header">
        <input
          type="color"
          className="segment-card__colour"
          value={colour}
          aria-label={`Colour of segment ${segment.cluster + 1}`}
          onChange={(event) => {
            const next = event.target.value;
            setColour(next);
            void api.updateSegment({ modelId: model.id, cluster: segment.cluster, colour: next }).then(onSaved);
          }}
        />
        <input
          className="segment-card__name"
          value={name.value}
          onChange={(event) => name.change(event.target.value)}
          onBlur={name.flush}
          aria-label={`Name of segment ${segment.cluster + 1}`}
          maxLength={80}
        />
      </header>
      <p className="segment-card__size">
        {formatCount(segment.size)} customers · {formatShare(segment.share)}
      </p>
      {traits.length > 0 ? (
        <ul className="segment-card__traits" aria-label={`Traits of segment ${segment.cluster + 1}`}>
          {traits.map((t) => (
            <li key={t.feature} className={t.z > 0 ? 'trait trait--high' : 'trait trait--low'}>
              {t.text}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Close to the average on every feature.</p>
      )}
      <label className="segment-card__strategy">
        Description
        <textarea
          value={description.value}
          rows={2}
          onChange={(event) => description.change(event.target.value)}
          onBlur={description.flush}
          aria-label={`Description of segment ${segment.cluster + 1}`}
        />
      </label>
      <label className="segment-card__strategy">
        Strategy
        <textarea
          value={strategy.value}
          rows={4}
          onChange={(event) => strategy.change(event.target.value)}
          onBlur={strategy.flush}
          aria-label={`Strategy for segment ${segment.cluster + 1}`}
        />
      </label>
      <p className="muted small" aria-live="polite">
        {[name, description, strategy].some((field) => field.status === 'saving') ? 'Saving…' : 'Saved'}
      </p>
      <p className="muted small">Blank line: new paragraph · “- ” at the start of a line: a bullet · **bold**</p>
      <ErrorMessage error={name.error ?? description.error ?? strategy.error} />
    </article>
  );
}

/** One card per segment: size, the traits that set it apart, and its editable name and strategy. */
export function SegmentCards({ model, onSaved }: { model: ModelSummary; onSaved: () => void }) {
  return (
    <section aria-labelledby="cards-heading">
      <h3 id="cards-heading">Segments at a glance</h3>
      <div className="segment-cards">
        {model.segments.map((s) => (
          <SegmentCard key={s.cluster} model={model} segment={s} onSaved={onSaved} />
        ))}
      </div>
      <p className="muted small">
        Traits compare each segment with all customers, in standard deviations. They are descriptive only: the segments
        were made to differ, so significance tests do not apply.
      </p>
    </section>
  );
}
