import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { TeamRunner } from '../../shared/ml/kmeans';
import { useRowTeam } from '../../shared/ml/wasm/lloydKernel';
import {
  CHUNK_ROWS,
  chunksOf,
  createTeamState,
  teamCounts,
  stopTeam,
  type TeamState,
} from '../../shared/ml/wasm/rowTeam';

export interface TeamThreadData {
  state: TeamState;
  /** Where this helper receives each kernel memory it is to work on: `{ id, memory }`. */
  port: MessagePort;
}

/** Below this many rows (two chunks) a K-Means run stays in one thread: there is nothing to share. */
export const ROW_TEAM_MIN_ROWS = 2 * CHUNK_ROWS + 1;

const THREAD_ENTRY = join(fileURLToPath(new URL('.', import.meta.url)), 'team-thread.js');

/**
 * `run` (a K-Means run, synchronous) with its passes over the rows shared by every core (this
 * thread and helpers; see shared/ml/wasm/rowTeam.ts) on matrices in kernel memory: the same
 * result to the bit as in one thread. This thread starts on the passes at once; each helper joins
 * them when it has started.
 */
export function withRowTeam<T>(maxRows: number, run: () => T): Promise<T> {
  return rowTeam(availableParallelism(), THREAD_ENTRY)(maxRows, run);
}

/**
 * A team started ahead of its K-Means runs (a training job starts it before reading its rows,
 * so the helpers have started by the first pass): `run` as `withRowTeam`, `close` when done.
 */
export interface StartedTeam {
  run: TeamRunner;
  close: () => Promise<void>;
}

export function startRowTeam(
  threads = availableParallelism(),
  threadEntry = THREAD_ENTRY,
  test?: { onHelped: (chunks: number) => void },
): StartedTeam {
  // Room for the largest table a kernel memory holds (the claim word's 16 bits); the table's
  // pages past the chunks a pass uses are never touched.
  const state = createTeamState(0xffff);
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let t = 1; t < threads; t++) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const data: TeamThreadData = { state, port: port2 };
    const worker = new Worker(threadEntry, { workerData: data, transferList: [port2] });
    // A helper that fails to start takes no chunk: this thread then does them all.
    worker.on('error', () => {});
    workers.push(worker);
  }
  const ids = new Map<object, number>();
  const team = {
    state,
    memoryId: (memory: object) => {
      let id = ids.get(memory);
      if (id === undefined) {
        id = ids.size + 1;
        ids.set(memory, id);
        for (const port of ports) port.postMessage({ id, memory });
      }
      return id;
    },
  };
  return {
    run: async <T>(maxRows: number, run: () => T): Promise<T> => {
      if (threads < 2 || chunksOf(maxRows) < 2) return run();
      // (Tests: the helpers started, so they take part.)
      while (test && teamCounts(state).ready < threads - 1) await new Promise((resolve) => setTimeout(resolve, 5));
      useRowTeam(team);
      try {
        return run();
      } finally {
        useRowTeam(null);
        test?.onHelped(teamCounts(state).helped);
      }
    },
    close: async () => {
      stopTeam(state);
      for (const port of ports) port.close();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * `withRowTeam` with a given number of threads and helper entry (the tests and the bench); `test`
 * waits for the helpers before running and is told how many chunks they ran.
 */
export function rowTeam(
  threads: number,
  threadEntry: string,
  test?: { onHelped: (chunks: number) => void },
): TeamRunner {
  return async <T>(maxRows: number, run: () => T): Promise<T> => {
    if (threads < 2 || chunksOf(maxRows) < 2) return run();
    const team = startRowTeam(threads, threadEntry, test);
    try {
      return await team.run(maxRows, run);
    } finally {
      await team.close();
    }
  };
}
