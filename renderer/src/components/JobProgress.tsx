import type { JobState } from '../hooks/useJob';

/** A running task: what it is doing, how far it is, and a way to stop it. */
export function JobProgress({ job, label, onCancel }: { job: JobState; label: string; onCancel: () => void }) {
  if (!job.running) return null;
  const fraction = job.progress?.fraction;
  return (
    <div className="job-progress" role="status" aria-live="polite">
      <div className="job-progress__text">
        <strong>{label}</strong> {job.progress?.message ?? 'Starting…'}
      </div>
      <progress
        aria-label={`${label} progress`}
        max={1}
        value={fraction === null || fraction === undefined ? undefined : fraction}
      />
      <button type="button" className="button button--secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
