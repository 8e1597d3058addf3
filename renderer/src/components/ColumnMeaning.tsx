import { useEffect, useState } from 'react';
import { MEANINGS, type Meaning } from '../../../shared/segments/meanings';
import styles from './ColumnMeaning.module.css';

export type MeaningChoice = Meaning | 'none';

/**
 * A column's friendly label (a text box, saved when it loses focus) and its meaning (a select) —
 * what the segment names, traits, charts and the report call and read it by.
 */
export function ColumnMeaningFields({
  column,
  label,
  meaning,
  numeric,
  onChange,
}: {
  column: string;
  label: string;
  meaning: Meaning | null;
  /** Only a number column can name a segment: a category has no meaning to choose. */
  numeric: boolean;
  onChange: (change: { label: string; meaning: MeaningChoice }) => void;
}) {
  const [text, setText] = useState(label);
  useEffect(() => setText(label), [label]);
  const current: MeaningChoice = meaning ?? 'none';
  const commit = () => {
    const trimmed = text.trim();
    if (trimmed === '') setText(label);
    else if (trimmed !== label) onChange({ label: trimmed, meaning: current });
  };
  return (
    <>
      <td>
        <input
          className={styles.columnLabel}
          value={text}
          maxLength={200}
          aria-label={`Label of ${column}`}
          onChange={(event) => setText(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
          }}
        />
      </td>
      <td>
        {numeric ? (
          <select
            aria-label={`Meaning of ${column}`}
            value={current}
            onChange={(event) =>
              onChange({ label: text.trim() || label, meaning: event.target.value as MeaningChoice })
            }
          >
            <option value="none">None</option>
            {MEANINGS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </>
  );
}

/** The note under a table with meanings: what they are for. */
export function MeaningNote() {
  return (
    <p className="muted small">
      <strong>Label</strong> is what the segments, charts and report call a column. <strong>Means</strong> is what a
      number column tells about a customer: segment names and strategies are suggested only from columns with a meaning,
      and only when every column of that meaning agrees.
    </p>
  );
}
