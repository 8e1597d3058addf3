/**
 * Several threads inside one K-Means pass: the rows are cut into fixed chunks (CHUNK_ROWS), each
 * chunk is one call of the WebAssembly kernel on the shared memory, and each chunk's sums land in
 * a slot of their own, added up in chunk order by the thread that asked. So the result is the
 * same to the bit with one thread or many, and the threads share the work of every pass whatever
 * the starts' lengths (4 starts of 6 and 37 passes on 2 threads left one idle for a second).
 *
 * Written here because no library does it: the calls are microseconds to milliseconds each, too
 * short for messages between threads, so the threads meet on Atomics (a claim word holding the
 * pass's number and the next chunk, compare-and-swap to take one; a count of chunks done).
 * The thread that asks takes chunks too, so a pass never waits for a helper that is still
 * starting up, and a helper that is late simply finds no chunk left.
 */

/** Rows per chunk: each chunk's sums are its own, added in chunk order (see lloydKernel.ts). */
export const CHUNK_ROWS = 16384;

/** Chunks of n rows (at least one). */
export const chunksOf = (n: number): number => Math.max(1, Math.ceil(n / CHUNK_ROWS));

/**
 * The kernel functions a chunk may call (their index is what the table holds); and `lloydRun`,
 * not the kernel's: a whole trial Lloyd run of the swap search, a chunk of work done by one thread
 * (see `teamCalls` in lloydKernel.ts and `trialRunsInTeam` in ../kmeans.ts).
 */
export const TEAM_FUNCTIONS = [
  'lloydBlock',
  'plusPlusCandidates',
  'plusPlusAdopt',
  'plusPlusFirst',
  'inertiaBlock',
  'lloydRun',
] as const;
export type TeamFunction = (typeof TEAM_FUNCTIONS)[number];

/** Per chunk in the table: the function's index, its argument count, then its arguments. */
const STRIDE = 24;
/** The control words. */
const CLAIM = 0; // (pass number & 0x7fff) << 16 | next chunk
const COUNT = 1; // chunks in this pass
const DONE = 2; // chunks finished in this pass
const STOP = 3; // 1: the helpers leave
const FAILED = 4; // 1: a helper's call threw
const MEMORY = 5; // the number of the memory this pass's calls are on (see `RowTeam.memoryId`)
const READY = 6; // helpers serving
const HELPED = 7; // chunks the helpers ran
const CONTROL_WORDS = 8;

/** What the threads of a team share (structured-clonable: SharedArrayBuffers and a memory). */
export interface TeamState {
  control: Int32Array;
  table: Float64Array;
  /** Each chunk's return value in the last pass. */
  results: Float64Array;
  maxChunks: number;
}

export function createTeamState(chunks: number): TeamState {
  // The claim word holds a chunk's index in 16 bits (a pass over more chunks runs in one thread).
  const maxChunks = Math.min(chunks, 0xffff);
  return {
    control: new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4)),
    table: new Float64Array(new SharedArrayBuffer(maxChunks * STRIDE * 8)),
    results: new Float64Array(new SharedArrayBuffer(maxChunks * 8)),
    maxChunks,
  };
}

type Exports = Record<string, (...args: number[]) => number | undefined>;
/** A thread's kernel functions on the memory of a given number. */
type ExportsFor = (memoryId: number) => Exports;

/** Chunk `chunk` of this pass calls `fn` with `args`. */
export function setChunkCall(state: TeamState, chunk: number, fn: TeamFunction, args: readonly number[]): void {
  if (args.length > STRIDE - 2) throw new RangeError('too many arguments for a team call');
  const at = chunk * STRIDE;
  state.table[at] = TEAM_FUNCTIONS.indexOf(fn);
  state.table[at + 1] = args.length;
  for (let a = 0; a < args.length; a++) state.table[at + 2 + a] = args[a];
}

function runChunk(state: TeamState, exports: Exports, chunk: number): void {
  const at = chunk * STRIDE;
  const fn = exports[TEAM_FUNCTIONS[state.table[at]]];
  const argc = state.table[at + 1];
  const args = new Array<number>(argc);
  for (let a = 0; a < argc; a++) args[a] = state.table[at + 2 + a];
  state.results[chunk] = fn(...args) ?? 0;
}

/** Take and run chunks of the pass under way until none is left. */
function takeChunks(state: TeamState, exportsFor: ExportsFor, helper: boolean): void {
  const control = state.control;
  for (;;) {
    const claim = Atomics.load(control, CLAIM);
    const count = Atomics.load(control, COUNT);
    const chunk = claim & 0xffff;
    if (chunk >= count) return;
    // Taken only if the claim word is still this pass's and this chunk's: COUNT and the table
    // were then written for this pass (they change only after all its chunks are done).
    if (Atomics.compareExchange(control, CLAIM, claim, claim + 1) !== claim) continue;
    try {
      runChunk(state, exportsFor(Atomics.load(control, MEMORY)), chunk);
    } catch {
      Atomics.store(control, FAILED, 1);
    }
    if (helper) Atomics.add(control, HELPED, 1);
    if (Atomics.add(control, DONE, 1) + 1 === count) Atomics.notify(control, DONE);
  }
}

/** A pass's number, per team (the thread that asks is the only writer). */
const passes = new WeakMap<TeamState, number>();

/**
 * Run the `chunks` calls set in the table (`setChunkCall`), with the helpers and in this thread;
 * returns when all are done (their return values in `state.results`).
 */
export function runTeamPass(state: TeamState, exports: Exports, memoryId: number, chunks: number): void {
  const control = state.control;
  const pass = ((passes.get(state) ?? 0) + 1) & 0x7fff;
  passes.set(state, pass);
  Atomics.store(control, DONE, 0);
  Atomics.store(control, FAILED, 0);
  Atomics.store(control, COUNT, chunks);
  Atomics.store(control, MEMORY, memoryId);
  Atomics.store(control, CLAIM, pass << 16);
  Atomics.notify(control, CLAIM);
  takeChunks(state, () => exports, false);
  for (let done = Atomics.load(control, DONE); done < chunks; done = Atomics.load(control, DONE)) {
    Atomics.wait(control, DONE, done);
  }
  if (Atomics.load(control, FAILED)) throw new Error('A K-Means thread failed in a pass over the rows.');
}

/** A helper thread's life: take chunks of each pass as it comes, until `stopTeam`. */
export function serveTeam(state: TeamState, exportsFor: ExportsFor): void {
  const control = state.control;
  Atomics.add(control, READY, 1);
  Atomics.notify(control, READY);
  while (!Atomics.load(control, STOP)) {
    takeChunks(state, exportsFor, true);
    const claim = Atomics.load(control, CLAIM);
    if ((claim & 0xffff) >= Atomics.load(control, COUNT) && !Atomics.load(control, STOP)) {
      Atomics.wait(control, CLAIM, claim);
    }
  }
}

/** How many helpers serve, and how many chunks they ran in all. */
export function teamCounts(state: TeamState): { ready: number; helped: number } {
  return { ready: Atomics.load(state.control, READY), helped: Atomics.load(state.control, HELPED) };
}

/**
 * A team as the kernel uses it: the shared state, and the number by which the helpers know a
 * kernel memory (given them before the first pass on it).
 */
export interface RowTeam {
  state: TeamState;
  memoryId: (memory: object) => number;
}

/** Tell the helpers to leave (they finish the chunk in hand first). */
export function stopTeam(state: TeamState): void {
  Atomics.store(state.control, STOP, 1);
  Atomics.notify(state.control, CLAIM);
}
