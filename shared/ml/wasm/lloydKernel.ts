import { LLOYD_KERNEL_WASM } from './lloydKernel.wasm';
import { CHUNK_ROWS, chunksOf, runTeamPass, setChunkCall, type RowTeam, type TeamFunction } from './rowTeam';

/**
 * The WebAssembly kernel of K-Means' passes over the rows (lloydKernel.as.ts): Lloyd's assignment
 * fused with the centres' sums and the bounds' shift, the final assignment and inertia, k-means++'s
 * passes and Hartigan's moves. The same
 * arithmetic as the JavaScript kernel in ../kmeans.ts, which is the oracle and the fallback where
 * WebAssembly SIMD is not available.
 *
 * The kernel reads the feature matrix where it lies when the matrix was made in a kernel memory
 * (`kernelMatrixData`: training's matrix, shared by the threads of the starts); a fit's arrays
 * (bounds, labels, sums) then take a region grown at the end of that memory, given back for the
 * next fit when the run ends. Any other matrix is copied in a block of rows at a time, so it is
 * never copied whole: a fit costs no more memory than the JavaScript kernel's.
 */

/** Rows copied into the kernel's memory at a time: a few hundred KB, within the processor's cache. */
const BLOCK_ROWS = 4096;
/** Rows from which a fit on a matrix outside kernel memory copies it there once (`kernelResident`). */
const RESIDENT_ROWS = 100_000;
const PAGE = 65536;
/** A 32-bit memory's pages (4 GiB). */
const MAX_PAGES = 65536;

interface Exports {
  lloydBlock: (...args: number[]) => number;
  plusPlusCandidates: (...args: number[]) => void;
  plusPlusAdopt: (...args: number[]) => number;
  plusPlusFirst: (...args: number[]) => number;
  inertiaBlock: (...args: number[]) => number;
  silhouetteRows: (...args: number[]) => void;
  hartiganBlock: (...args: number[]) => number;
  costsBlock: (...args: number[]) => void;
}

/** A WebAssembly memory as used here (shared ones keep their buffer valid when they grow). */
export interface KernelMemory {
  buffer: ArrayBuffer | SharedArrayBuffer;
  grow: (pages: number) => number;
}

/** The few WebAssembly calls used (typed here: the Node project's libraries do not declare them as values). */
interface WasmApi {
  validate: (bytes: Uint8Array) => boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => KernelMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let module: object | null | undefined;
let enabled = true;

/** Use the WebAssembly kernel when it loads (default), or the JavaScript one (tests compare them). */
export function useWasmKernel(on: boolean): void {
  enabled = on;
}

function kernelModule(): object | null {
  if (module !== undefined) return module;
  try {
    const bytes = Uint8Array.from(atob(LLOYD_KERNEL_WASM), (c) => c.charCodeAt(0));
    // Compiled on first use only (a renderer that never fits never compiles it).
    module = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  } catch {
    module = null;
  }
  return module;
}

/** A matrix made in a kernel memory: that memory, and the regions of it this thread may reuse. */
interface Home {
  memory: KernelMemory;
  free: { offset: number; bytes: number }[];
}
const homes = new WeakMap<ArrayBufferLike, Home>();

/**
 * Room for a matrix of `length` numbers at the start of a shared kernel memory (growable for the
 * fits' arrays); a plain SharedArrayBuffer where the kernel cannot run or the matrix is too large.
 */
export function kernelMatrixData(length: number): Float64Array {
  const pages = Math.max(1, Math.ceil((length * 8) / PAGE));
  if (enabled && kernelModule() && wasm && pages < MAX_PAGES) {
    try {
      return adoptKernelMemory(new wasm.Memory({ initial: pages, maximum: MAX_PAGES, shared: true }), length);
    } catch {
      // No shared memory here: a plain buffer below.
    }
  }
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

/** The matrix at the start of `memory` (a thread's view of the memory another made). */
export function adoptKernelMemory(memory: KernelMemory, length: number): Float64Array {
  const data = new Float64Array(memory.buffer, 0, length);
  homes.set(data.buffer, { memory, free: [] });
  return data;
}

/**
 * The matrix's rows where the kernel reads them in place: as they are when they already live in a
 * kernel memory (the app's training and sweep matrices) or are few, else copied there once. A fit's
 * passes would otherwise copy every row into the kernel on every pass (about a third of a fit's
 * time at 1M rows); the copy costs one pass's worth of memory while the fit runs.
 */
export function kernelResident(data: Float64Array, rows: number): Float64Array {
  // Below RESIDENT_ROWS the copies are cheap, and a kernel memory (which reserves 4 GiB of address
  // space until it is collected) is not worth making for every small fit.
  if (!enabled || rows < RESIDENT_ROWS || kernelMemoryOf(data)) return data;
  const resident = kernelMatrixData(data.length);
  if (!kernelMemoryOf(resident)) return data;
  resident.set(data);
  return resident;
}

/** Matrices made in a region of a kernel memory (`kernelScratch`), and that region. */
const scratches = new WeakMap<Float64Array, { home: Home; region: { offset: number; bytes: number } }>();

/**
 * Room for `length` numbers in the kernel memory the matrix `like` was made in, so the kernel
 * reads them in place and a team's threads share its passes (the swap search's sample of rows:
 * copied into the kernel a block at a time on every pass, its Lloyd runs took an eighth longer);
 * null where `like` is not in a kernel memory. Give it back with `releaseKernelScratch`.
 */
export function kernelScratch(like: Float64Array, length: number): Float64Array | null {
  const home = like.byteOffset === 0 || scratches.has(like) ? homes.get(like.buffer) : undefined;
  const region = home ? regionIn(home, length * 8) : null;
  if (!home || !region) return null;
  // (A shared memory's buffer is a new object once it has grown: known as the same home.)
  const buffer = home.memory.buffer;
  homes.set(buffer, home);
  const data = new Float64Array(buffer, region.offset, length);
  scratches.set(data, { home, region });
  return data;
}

/** Give back the room `kernelScratch` made (nothing for any other array). */
export function releaseKernelScratch(data: Float64Array): void {
  const scratch = scratches.get(data);
  if (!scratch) return;
  scratches.delete(data);
  scratch.home.free.push(scratch.region);
}

/** The kernel memory a matrix was made in (to hand to other threads), or null. */
export function kernelMemoryOf(data: Float64Array): KernelMemory | null {
  return data.byteOffset === 0 ? (homes.get(data.buffer)?.memory ?? null) : null;
}

const pairsOf = (count: number): number => Math.ceil(count / 2);

/** `rows` rows of d values, feature-major in pairs of rows (`out`: d × an even count; the last row again as pad). */
function transpose(data: Float64Array, rows: number, d: number, out: Float64Array): void {
  const columns = pairsOf(rows) * 2;
  for (let j = 0; j < columns; j++) {
    const from = Math.min(j, rows - 1) * d;
    for (let f = 0; f < d; f++) out[f * columns + j] = data[from + f];
  }
}

/** k-means++'s candidates per centre for k centres (as scikit-learn: 2 + ⌊ln k⌋). */
export const plusPlusTrials = (k: number): number => 2 + Math.floor(Math.log(k));

/** One fit's kernel: views on its memory, and the passes. */
export interface LloydKernel {
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  half: Float64Array;
  /**
   * Assign every row (a full scan, or with the bounds, shifted first by the move `shiftBounds`
   * recorded) and sum the centres; returns the rows that changed.
   */
  pass: (xd: Float64Array, centres: Float64Array, full: boolean) => number;
  /** The centres' sums and counts from the last pass. */
  sums: Float64Array;
  counts: Float64Array;
  /** The centres moved by `delta`: the bounds shift (in the next bounded pass, over the same rows). */
  shiftBounds: (delta: Float64Array, maxAt: number, maxDelta: number, secondDelta: number) => void;
  /**
   * The rows' inertia against `centres` (see inertiaBlock), each row first taking its nearest
   * centre into `labels` when `assign`.
   */
  inertia: (xd: Float64Array, centres: Float64Array, assign: boolean) => number;
  /**
   * k-means++ borrows the fit's arrays (it runs before the fit, which starts with a full scan):
   * `upper` holds each row's squared distance to its nearest centre so far, `labels` that centre,
   * `cumulative` the running sum of `upper` within each chunk of rows (CHUNK_ROWS), from 0 at
   * the chunk's start, and `chunkTotals` each chunk's sum (after `first` and `adopt`).
   */
  cumulative: Float64Array;
  chunkTotals: Float64Array;
  /**
   * The potentials of `t` candidate centres (`probes`, t × d; `reach`, t × k) in one pass (see
   * plusPlusCandidates); a view valid until the next call.
   */
  candidates: (xd: Float64Array, probes: Float64Array, reach: Float64Array, t: number) => Float64Array;
  /**
   * The first centre (`probe`) alone (see plusPlusFirst): `upper`, `labels` and `cumulative` set;
   * returns the potential.
   */
  first: (xd: Float64Array, probe: Float64Array) => number;
  /** Candidate `probe` joins as centre `c` (see plusPlusAdopt); `cumulative` is then up to date. */
  adopt: (xd: Float64Array, probe: Float64Array, reach: Float64Array, c: number) => void;
  /**
   * Hartigan's moves (see hartiganBlock), at most `maxPasses` passes over the rows and none after
   * a pass that lowered the inertia by `minGain` or less, on `centres` and `labels` (copied in, and
   * back when done); returns how many rows moved.
   */
  hartigan: (xd: Float64Array, centres: Float64Array, labels: Int32Array, maxPasses: number, minGain: number) => number;
  /**
   * The swap search's costs of `centres` (see costsBlock): each row's nearest centre and squared
   * distance to it, each centre's sum of squares and removal cost. (Copied out: the fit's arrays
   * hold them meanwhile.)
   */
  costs: (
    xd: Float64Array,
    centres: Float64Array,
  ) => { sse: Float64Array; removal: Float64Array; nearest: Int32Array; toNearest: Float64Array };
  /** Give its region back to the matrix's memory (nothing for a memory of its own). */
  release: () => void;
}

/** The team of threads this thread's passes share their chunks with (see rowTeam.ts), if any. */
let activeTeam: RowTeam | null = null;

/**
 * Share the passes over a matrix in a kernel memory with a team's helper threads (each serving
 * it with `kernelExports(memory)`), until called with null. The results are the same to the bit.
 */
export function useRowTeam(team: RowTeam | null): void {
  activeTeam = team;
}

/**
 * Calls of `name` (work a thread does whole: the swap search's trial Lloyd runs, each from its
 * numbers alone, its result written into the memory) as one pass of the team, a call a chunk:
 * this thread runs its share by `local`, the helpers by theirs (teamThread.ts), each giving the
 * same bits. Returns each call's return value; null when there is no team to share them with or
 * `data` is not in a kernel memory the helpers can read.
 */
/** Whether `teamCalls` on `data` has a team to share its calls with. */
export function teamCanShare(data: Float64Array): boolean {
  return activeTeam !== null && (data.byteOffset === 0 || scratches.has(data)) && homes.has(data.buffer);
}

export function teamCalls(
  data: Float64Array,
  name: 'lloydRun',
  calls: readonly (readonly number[])[],
  local: (...args: number[]) => number,
): Float64Array | null {
  const team = activeTeam;
  const home = teamCanShare(data) ? homes.get(data.buffer) : undefined;
  if (!team || !home || calls.length < 2 || calls.length > team.state.maxChunks) return null;
  calls.forEach((args, chunk) => setChunkCall(team.state, chunk, name, args));
  // This thread's calls run alone (the team is in this pass): its own passes take no chunks.
  activeTeam = null;
  try {
    runTeamPass(team.state, { [name]: local }, team.memoryId(home.memory), calls.length);
  } finally {
    activeTeam = team;
  }
  return team.state.results.slice(0, calls.length);
}

/** The kernel's functions on `memory`, for a helper thread of a team; null where it does not run. */
export function kernelExports(memory: KernelMemory): Record<string, (...args: number[]) => number> | null {
  const compiled = kernelModule();
  if (!compiled || !wasm) return null;
  return new wasm.Instance(compiled, { env: { memory, abort: () => {} } }).exports as Record<
    string,
    (...args: number[]) => number
  >;
}

/** The last kernel made, kept for the next fit of the same shape on the same matrix (the starts). */
let last: { key: string; home: Home | undefined; kernel: LloydKernel } | null = null;

/**
 * A kernel for the n × d matrix `xd` and k centres, its labels unset; or null (disabled,
 * unavailable, or too large). A fit must be done with it before the next one asks (fits run one
 * after another in a thread, and a fit copies its labels out).
 */
export function lloydKernel(n: number, d: number, k: number, xd: Float64Array): LloydKernel | null {
  if (!enabled) return null;
  const key = `${n}×${d}×${k}`;
  const home = xd.byteOffset === 0 || scratches.has(xd) ? homes.get(xd.buffer) : undefined;
  if (last?.key === key && last.home === home) {
    last.kernel.labels.fill(-1);
    return last.kernel;
  }
  releaseLloydKernel();
  const kernel = makeKernel(n, d, k, home);
  last = kernel ? { key, home, kernel } : null;
  return kernel;
}

/** Let the kept kernel go (at the end of a K-Means run: its arrays hold 28 bytes per row). */
export function releaseLloydKernel(): void {
  last?.kernel.release();
  last = null;
}

/**
 * The silhouette's sums of distances (n × k: from each row to the rows of each segment; see
 * `silhouetteSamples` in ../metrics.ts, whose loop this is, to the bit) in WebAssembly, in a memory
 * of its own let go when done; null where the kernel does not run (the caller's loop then does it).
 */
export function silhouetteSums(
  xd: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
): Float64Array | null {
  const compiled = enabled ? kernelModule() : null;
  if (!compiled || !wasm) return null;
  // Every label a segment (the kernel indexes its memory by them).
  for (let i = 0; i < n; i++) if (!(labels[i] >= 0 && labels[i] < k)) return null;
  const columns = n + (n % 2);
  const at = { xT: 16, labels: 16 + columns * d * 8 };
  const sumsAt = at.labels + Math.ceil((n * 4) / 16) * 16;
  const pages = Math.ceil((sumsAt + n * k * 8) / PAGE);
  if (pages > MAX_PAGES) return null;
  let memory: KernelMemory;
  try {
    memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
  const kernel = new wasm.Instance(compiled, { env: { memory, abort: () => {} } }).exports as unknown as Exports;
  // Feature-major (the pad column stays 0 and is never read as a row).
  const xT = new Float64Array(memory.buffer, at.xT, columns * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) xT[f * columns + i] = xd[i * d + f];
  new Int32Array(memory.buffer, at.labels, n).set(labels);
  // In calls of a few hundred thousand pairs: WebAssembly starts in its baseline compiler and a
  // call under way never switches to the optimised code (about three times faster) that follows.
  const step = Math.max(1, Math.floor(400_000 / Math.max(1, n)));
  for (let from = 0; from < n; from += step) {
    kernel.silhouetteRows(at.xT, n, columns, d, at.labels, k, sumsAt, from, Math.min(n, from + step));
  }
  return new Float64Array(memory.buffer, sumsAt, n * k).slice();
}

/** A region of `bytes` in the matrix's memory: one given back earlier, or grown at its end. */
function regionIn(home: Home, bytes: number): { offset: number; bytes: number } | null {
  const reused = home.free.findIndex((r) => r.bytes >= bytes);
  if (reused >= 0) return home.free.splice(reused, 1)[0];
  const pages = Math.ceil(bytes / PAGE);
  if (home.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) return null;
  try {
    return { offset: home.memory.grow(pages) * PAGE, bytes: pages * PAGE };
  } catch {
    return null;
  }
}

function makeKernel(n: number, d: number, k: number, home: Home | undefined): LloydKernel | null {
  const compiled = kernelModule();
  if (!compiled || !wasm) return null;
  // Each array on its own cache lines (64 bytes), each chunk's slots too: threads adding into
  // neighbouring slots would otherwise fight over a line (a full pass ran 1.25× faster on two
  // threads instead of 1.8×).
  const align = (bytes: number) => Math.ceil(bytes / 64) * 64;
  const slot = (numbers: number) => Math.ceil(numbers / 8) * 8;
  const slots = { sums: slot(k * d), counts: slot(k), potentials: slot(pairsOf(plusPlusTrials(k)) * 2) };
  const sizes = {
    labels: n * 4,
    upper: n * 8,
    lower: n * 8,
    cumulative: n * 8,
    centres: k * d * 8,
    centresT: pairsOf(k) * 2 * d * 8,
    half: k * 8,
    sums: k * d * 8,
    counts: k * 8,
    delta: k * 8,
    // k-means++'s candidates (2 + ⌊ln k⌋ of them), their reach to each centre and their potentials.
    // (The candidates feature-major in pairs, the last padded.)
    probes: pairsOf(plusPlusTrials(k)) * 2 * d * 8,
    reach: pairsOf(plusPlusTrials(k)) * 2 * k * 8,
    potentials: pairsOf(plusPlusTrials(k)) * 2 * 8,
    // Each chunk's sums, counts and candidates' potentials (added in chunk order; see rowTeam.ts).
    chunkSums: chunksOf(n) * slots.sums * 8,
    chunkCounts: chunksOf(n) * slots.counts * 8,
    chunkPotentials: chunksOf(n) * slots.potentials * 8,
    // A matrix in the memory is read where it lies; another is copied in a block at a time.
    block: home ? 0 : Math.min(n, BLOCK_ROWS) * d * 8,
  };
  let bytes = 0;
  for (const size of Object.values(sizes)) bytes += align(size);
  let memory: KernelMemory;
  let base: number;
  let region: { offset: number; bytes: number } | null = null;
  if (home) {
    region = regionIn(home, bytes);
    if (!region) return makeKernel(n, d, k, undefined);
    memory = home.memory;
    base = region.offset;
  } else {
    // Byte 0 is left unused (a null pointer is never an array's).
    const pages = Math.ceil((bytes + 64) / PAGE);
    if (pages > MAX_PAGES) return null;
    try {
      // Shared, as the module declares its memory (its own here, but the same module).
      memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      return null;
    }
    base = 64;
  }
  const at = {} as Record<keyof typeof sizes, number>;
  let offset = base;
  for (const [name, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    at[name] = offset;
    offset += align(size);
  }
  const kernel = new wasm.Instance(compiled, { env: { memory, abort: () => {} } }).exports as unknown as Exports;
  const buffer = memory.buffer;
  const f64 = (name: keyof typeof sizes, length: number) => new Float64Array(buffer, at[name], length);
  const labels = new Int32Array(buffer, at.labels, n).fill(-1);
  const centresView = f64('centres', k * d);
  const centresTView = f64('centresT', pairsOf(k) * 2 * d);
  const sums = f64('sums', k * d);
  const counts = f64('counts', k);
  const deltaView = f64('delta', k);
  const trials = plusPlusTrials(k);
  const probesView = f64('probes', pairsOf(trials) * 2 * d);
  const reachView = f64('reach', pairsOf(trials) * 2 * k);
  const potentialsView = f64('potentials', pairsOf(trials) * 2);
  const block = home ? null : f64('block', Math.min(n, BLOCK_ROWS) * d);
  /** The rows in blocks, in order (Hartigan's moves, which run in one thread): see `overChunks`. */
  const eachBlock = (xd: Float64Array, visit: (rowsAt: number, start: number, rows: number) => void): void => {
    for (let start = 0; start < n; start += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, n - start);
      if (block) block.set(xd.subarray(start * d, (start + rows) * d));
      visit(block ? at.block : xd.byteOffset + start * d * 8, start, rows);
    }
  };
  const chunks = chunksOf(n);
  const chunkSums = f64('chunkSums', chunks * slots.sums);
  const chunkCounts = f64('chunkCounts', chunks * slots.counts);
  const chunkPotentials = f64('chunkPotentials', chunks * slots.potentials);
  // Each chunk's result of the last `overChunks`; k-means++'s running sums' totals (for its draws)
  // are copied out of it, as other passes come between the draws.
  const chunkResults = new Float64Array(chunks);
  const chunkTotals = new Float64Array(chunks);
  let shift: { maxAt: number; maxDelta: number; secondDelta: number } | null = null;
  /**
   * `fn` over every chunk of rows (CHUNK_ROWS, see rowTeam.ts), each chunk's result into
   * `chunkResults`: `argsOf` gives a call's arguments from where its rows are for the kernel, its
   * first row, its row count, its chunk and the running value so far in the chunk (0 at its start).
   * On a matrix in this memory, a chunk is one call, run by the team of threads when there is one;
   * else the chunk's rows are copied into the block a part at a time, the running value carried
   * from part to part (`running`), or the parts' results added (a count).
   */
  const overChunks = (
    xd: Float64Array,
    fn: Exclude<TeamFunction, 'lloydRun'>,
    running: boolean,
    argsOf: (rowsAt: number, start: number, rows: number, chunk: number, value: number) => number[],
  ): Float64Array => {
    const team = activeTeam;
    if (!block && team && chunks > 1 && chunks <= team.state.maxChunks) {
      for (let chunk = 0; chunk < chunks; chunk++) {
        const start = chunk * CHUNK_ROWS;
        const rows = Math.min(CHUNK_ROWS, n - start);
        setChunkCall(team.state, chunk, fn, argsOf(xd.byteOffset + start * d * 8, start, rows, chunk, 0));
      }
      runTeamPass(
        team.state,
        kernel as unknown as Record<string, (...args: number[]) => number>,
        team.memoryId(memory),
        chunks,
      );
      chunkResults.set(team.state.results.subarray(0, chunks));
      return chunkResults;
    }
    // (plusPlusCandidates returns nothing: its sums are its slots.)
    const call = kernel[fn] as (...args: number[]) => number | undefined;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const first = chunk * CHUNK_ROWS;
      const end = Math.min(n, first + CHUNK_ROWS);
      let value = 0;
      for (let start = first; start < end; start += BLOCK_ROWS) {
        const rows = Math.min(BLOCK_ROWS, end - start);
        if (block) block.set(xd.subarray(start * d, (start + rows) * d));
        const result = call(...argsOf(block ? at.block : xd.byteOffset + start * d * 8, start, rows, chunk, value));
        value = running ? (result ?? 0) : value + (result ?? 0);
      }
      chunkResults[chunk] = value;
    }
    return chunkResults;
  };
  /** The first `size` numbers of each chunk's slot (`stride` apart) added in chunk order into `out` (the first copied). */
  const addChunks = (values: Float64Array, stride: number, size: number, out: Float64Array): void => {
    out.set(values.subarray(0, size));
    for (let chunk = 1; chunk < chunks; chunk++) {
      const from = chunk * stride;
      for (let j = 0; j < size; j++) out[j] += values[from + j];
    }
  };
  /** The chunks' totals added in chunk order. */
  const total = (values: Float64Array): number => {
    let sum = values[0];
    for (let chunk = 1; chunk < chunks; chunk++) sum += values[chunk];
    return sum;
  };
  return {
    labels,
    upper: f64('upper', n),
    lower: f64('lower', n),
    half: f64('half', k),
    sums,
    counts,
    cumulative: f64('cumulative', n),
    chunkTotals,
    pass: (xd, centres, full) => {
      centresView.set(centres);
      transpose(centres, k, d, centresTView);
      // Above one chunk, a bounded pass moves only the rows that change segment in the sums.
      if (full || chunks === 1) {
        chunkSums.fill(0);
        chunkCounts.fill(0);
      }
      const pending = full ? null : shift;
      shift = null;
      const changed = overChunks(xd, 'lloydBlock', false, (rowsAt, start, rows, chunk) => [
        rowsAt,
        rows,
        d,
        k,
        at.labels + start * 4,
        at.upper + start * 8,
        at.lower + start * 8,
        at.half,
        full ? 1 : 0,
        at.chunkSums + chunk * slots.sums * 8,
        at.chunkCounts + chunk * slots.counts * 8,
        pending ? 1 : 0,
        at.delta,
        pending?.maxAt ?? -1,
        pending?.maxDelta ?? 0,
        pending?.secondDelta ?? 0,
        at.centresT,
        pairsOf(k),
        chunks > 1 ? 1 : 0,
      ]);
      addChunks(chunkSums, slots.sums, k * d, sums);
      addChunks(chunkCounts, slots.counts, k, counts);
      return total(changed);
    },
    shiftBounds: (delta, maxAt, maxDelta, secondDelta) => {
      deltaView.set(delta);
      shift = { maxAt, maxDelta, secondDelta };
    },
    inertia: (xd, centres, assign) => {
      centresView.set(centres);
      transpose(centres, k, d, centresTView);
      shift = null;
      return total(
        overChunks(xd, 'inertiaBlock', true, (rowsAt, start, rows, _chunk, value) => [
          rowsAt,
          rows,
          d,
          at.centres,
          k,
          at.labels + start * 4,
          assign ? 1 : 0,
          value,
          at.centresT,
          pairsOf(k),
        ]),
      );
    },
    candidates: (xd, probes, reach, t) => {
      // Feature-major, a pad candidate (the last again, never near enough to measure) if t is odd.
      const pairs = pairsOf(t);
      const columns = pairs * 2;
      transpose(probes, t, d, probesView);
      reachView.set(reach.subarray(0, t * k));
      reachView.fill(Infinity, t * k, columns * k);
      chunkPotentials.fill(0);
      shift = null;
      overChunks(xd, 'plusPlusCandidates', false, (rowsAt, start, rows, chunk) => [
        rowsAt,
        rows,
        d,
        at.probes,
        pairs,
        k,
        at.upper + start * 8,
        at.labels + start * 4,
        at.reach,
        at.chunkPotentials + chunk * slots.potentials * 8,
      ]);
      addChunks(chunkPotentials, slots.potentials, columns, potentialsView);
      return potentialsView.subarray(0, t);
    },
    first: (xd, probe) => {
      probesView.set(probe.subarray(0, d));
      shift = null;
      chunkTotals.set(
        overChunks(xd, 'plusPlusFirst', true, (rowsAt, start, rows, _chunk, value) => [
          rowsAt,
          rows,
          d,
          at.probes,
          at.upper + start * 8,
          at.labels + start * 4,
          at.cumulative + start * 8,
          value,
        ]),
      );
      return total(chunkTotals);
    },
    adopt: (xd, probe, reach, c) => {
      probesView.set(probe.subarray(0, d));
      reachView.set(reach.subarray(0, k));
      shift = null;
      chunkTotals.set(
        overChunks(xd, 'plusPlusAdopt', true, (rowsAt, start, rows, _chunk, value) => [
          rowsAt,
          rows,
          d,
          at.probes,
          at.reach,
          c,
          at.upper + start * 8,
          at.labels + start * 4,
          at.cumulative + start * 8,
          value,
        ]),
      );
    },
    hartigan: (xd, centres, rowLabels, maxPasses, minGain) => {
      centresView.set(centres);
      labels.set(rowLabels);
      // The segments' sizes, in the counts' region.
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[rowLabels[i]]++;
      shift = null;
      let moves = 0;
      // The pass's gain, in the delta region (unused until a fit moves centres).
      const gain = deltaView.subarray(0, 1);
      for (let pass = 0; pass < maxPasses; pass++) {
        let moved = 0;
        gain[0] = 0;
        eachBlock(xd, (rowsAt, start, rows) => {
          moved += kernel.hartiganBlock(rowsAt, rows, d, at.centres, k, at.labels + start * 4, at.counts, at.delta);
        });
        moves += moved;
        if (moved === 0 || gain[0] <= minGain) break;
      }
      centres.set(centresView);
      rowLabels.set(labels);
      return moves;
    },
    costs: (xd, centres) => {
      transpose(centres, k, d, centresTView);
      shift = null;
      // The sums in the half and delta regions (the next fit sets both before it reads them).
      const sse = f64('half', k).fill(0);
      const removal = f64('delta', k).fill(0);
      eachBlock(xd, (rowsAt, start, rows) =>
        kernel.costsBlock(
          rowsAt,
          rows,
          d,
          k,
          at.centresT,
          pairsOf(k),
          at.labels + start * 4,
          at.upper + start * 8,
          at.half,
          at.delta,
        ),
      );
      return {
        sse: sse.slice(),
        removal: removal.slice(),
        nearest: labels.slice(),
        toNearest: f64('upper', n).slice(),
      };
    },
    release: () => {
      if (home && region) home.free.push(region);
      region = null;
    },
  };
}
