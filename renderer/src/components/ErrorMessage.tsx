import styles from './ErrorMessage.module.css';
/** An error from the API, in the words it came with; text only, never markup. */
export function ErrorMessage({ error, onDismiss }: { error: Error | null | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className={styles.errorMessage} role="alert">
      <span>{error.message}</span>
      {onDismiss && (
        <button type="button" className="button button--link" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      )}
    </div>
  );
}
