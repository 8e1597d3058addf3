import { useEffect, useRef } from 'react';
import { Modal } from './Modal';
import styles from './Guide.module.css';

/** Help › Guide: the workflow in a few steps, for someone who has never used a clustering tool. */
export function Guide({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <Modal labelledBy="guide-title" onClose={onClose}>
      <div>
        <h2 id="guide-title">How Segment Studio works</h2>
        <ol className={styles.guide}>
          <li>
            <strong>Import</strong> your customer table (CSV from a CRM, a shop or Excel): use “Import CSV file”, or
            drop the file on the window. Separators, decimal commas and Excel encodings are detected.
          </li>
          <li>
            <strong>Choose the features</strong> that describe customers (spend, visits, recency…). Numbers are put on
            the same scale, so no column dominates because of its units.
          </li>
          <li>
            <strong>Choose how many segments</strong>: “Compare k” fits every number from 2 to 10 and recommends one,
            with the reason in one sentence. Click a point on any chart to pick another.
          </li>
          <li>
            <strong>Understand and name</strong> the segments: each card shows what sets the segment apart. Names,
            descriptions, strategies and colours are yours to edit; they are saved as you type.
          </li>
          <li>
            <strong>Act</strong>: export the customers with their segment, assign new customers, export the PDF report,
            or press “Present” for full-screen slides (arrows to move, Esc to leave).
          </li>
        </ol>
        <p className="muted small">
          Everything stays on this computer: no data leaves it, and the app works without a network.
        </p>
        <button ref={close} type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
