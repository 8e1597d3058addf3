import { STEPS, type StepId } from '../flow';
import styles from './Stepper.module.css';

const STEP_STATE = { current: styles.flowStepCurrent, done: styles.flowStepDone, todo: undefined };

/**
 * The six steps of the work, the current one marked, the ones done ticked; each a button to go
 * there. Under it, one line on what to do in this step and what comes next.
 */
export function Stepper({
  current,
  done,
  go,
  unavailable = {},
  note,
}: {
  current: StepId;
  done: Partial<Record<StepId, boolean>>;
  go: (step: StepId) => void;
  /** Steps that cannot be opened yet, with why ("Train a model first"). */
  unavailable?: Partial<Record<StepId, string>>;
  /** A line before the hint (the sample's "start here"). */
  note?: string;
}) {
  const step = STEPS.find((s) => s.id === current) ?? STEPS[0];
  return (
    <div className={styles.flow}>
      <nav aria-label="Steps of the work">
        <ol className={styles.flowSteps}>
          {STEPS.map((s, i) => {
            const why = unavailable[s.id];
            const state = s.id === current ? 'current' : done[s.id] ? 'done' : 'todo';
            return (
              <li key={s.id} className={STEP_STATE[state]}>
                <button
                  type="button"
                  className={styles.flowButton}
                  aria-current={s.id === current ? 'step' : undefined}
                  disabled={why !== undefined}
                  title={why}
                  onClick={() => go(s.id)}
                >
                  <span className={styles.flowNumber} aria-hidden="true">
                    {state === 'done' ? '✓' : i + 1}
                  </span>
                  <span>
                    {s.label}
                    {state === 'done' && <span className="visually-hidden"> (done)</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      <p className={styles.flowHint} aria-live="polite">
        {note && <strong>{note} </strong>}
        <span>
          Step {STEPS.indexOf(step) + 1} of {STEPS.length}: {step.hint}
        </span>
      </p>
    </div>
  );
}
