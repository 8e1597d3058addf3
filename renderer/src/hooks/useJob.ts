import { useCallback, useEffect, useRef, useState } from 'react';
import { newJobId } from '../api/client';
import { useClient } from './useClient';
import type { ProgressEvent } from '../../../shared/domain';

export interface JobState {
  running: boolean;
  progress: ProgressEvent | null;
  error: Error | null;
  /** When the running call started (ms since the epoch), for the time left. */
  startedAt?: number;
}

/**
 * A long API call with progress and cancel: `start` gives the call a fresh job id, progress
 * events for that id are collected, `cancel` asks the main process to stop it.
 */
export function useJob() {
  const { api, onEvent } = useClient();
  const [state, setState] = useState<JobState>({ running: false, progress: null, error: null });
  const jobIdRef = useRef<string | null>(null);

  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'progress' && event.jobId === jobIdRef.current) {
          setState((s) => ({ ...s, progress: event }));
        }
      }),
    [onEvent],
  );

  // A newer start takes over: an older call that ends later no longer changes the state.
  const start = useCallback(async <T>(call: (jobId: string) => Promise<T>): Promise<T | undefined> => {
    const jobId = newJobId();
    jobIdRef.current = jobId;
    setState({ running: true, progress: null, error: null, startedAt: Date.now() });
    const current = () => jobIdRef.current === jobId;
    try {
      const result = await call(jobId);
      if (current()) setState({ running: false, progress: null, error: null });
      return result;
    } catch (error) {
      if (current()) setState({ running: false, progress: null, error: error as Error });
      return undefined;
    } finally {
      if (current()) jobIdRef.current = null;
    }
  }, []);

  const cancel = useCallback(() => {
    const jobId = jobIdRef.current;
    if (jobId) void api.cancelJob({ jobId });
  }, [api]);

  const clearError = useCallback(() => setState((s) => ({ ...s, error: null })), []);

  return { ...state, start, cancel, clearError };
}
