import type { JobState } from '../hooks/useJob';
import styles from './JobProgress.module.css';

/**
 * The time left from how far a task is and how long it has run: none before 2 s or 5% (too early
 * to tell), nor when the task's own message already says it.
 */
export function timeLeftText(fraction: number | null | undefined, elapsedMs: number, message: string): string | null {
  if (fraction === null || fraction === undefined || fraction < 0.05 || fraction >= 1 || elapsedMs < 2000) return null;
  if (/\bleft\b/.test(message)) return null;
  const seconds = (elapsedMs * (1 - fraction)) / fraction / 1000;
  return `about ${seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`} left`;
}

/** A running task: what it is doing, how far it is (with the time left), and a way to stop it. */
export function JobProgress({ job, label, onCancel }: { job: JobState; label: string; onCancel: () => void }) {
  if (!job.running) return null;
  const fraction = job.progress?.fraction;
  const message = job.progress?.message ?? 'Starting…';
  const known = fraction !== null && fraction !== undefined;
  const left = timeLeftText(fraction, job.startedAt ? Date.now() - job.startedAt : 0, message);
  return (
    <div className={styles.jobProgress} role="status" aria-live="polite">
      <div>
        <strong>{label}</strong> {message}
        {known && ` · ${Math.round(fraction * 100)}%`}
        {left && ` · ${left}`}
      </div>
      <progress aria-label={`${label} progress`} max={1} value={known ? fraction : undefined} />
      <button type="button" className="button button--secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
