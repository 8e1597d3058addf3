import { Component, type ErrorInfo, type ReactNode } from 'react';
import styles from './ErrorBoundary.module.css';

/**
 * A render error anywhere shows this message instead of a blank window, and is written to the log
 * through `report`. Reloading the page brings the app back with nothing lost (the data is in the store).
 */
export class ErrorBoundary extends Component<
  { children: ReactNode; report: (message: string, stack: string | undefined) => void },
  { error: Error | null }
> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    this.props.report(error.message, `${error.stack ?? ''}${info.componentStack ?? ''}`);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className={styles.fatal} role="alert">
        <h1>Something went wrong on this screen</h1>
        <p>{this.state.error.message}</p>
        <p>Your data is safe: it is kept in the database. The error was written to the log.</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the app
        </button>
      </div>
    );
  }
}
