import { LLOYD_KERNEL_WASM } from './lloydKernel.wasm';

/**
 * The WebAssembly kernel for Lloyd's passes (lloydKernel.as.ts), with its memory laid out for one
 * fit: the bounds and labels of every row, the centres and their sums, and a block of rows copied
 * in from the feature matrix at a time (so the matrix itself is never copied whole: a fit costs no
 * more memory than the JavaScript kernel's). The same arithmetic as the JavaScript kernel in
 * ../kmeans.ts, which is the oracle and the fallback where WebAssembly SIMD is not available.
 */

/** Rows copied into the kernel's memory at a time: a few hundred KB, within the processor's cache. */
const BLOCK_ROWS = 4096;

interface Exports {
  lloydBlock: (...args: number[]) => number;
  shiftBounds: (...args: number[]) => void;
}

/** The few WebAssembly calls used (typed here: the Node project's libraries do not declare them as values). */
interface WasmApi {
  validate: (bytes: Uint8Array) => boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
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

/** One fit's kernel: views on its memory, and the passes. */
export interface LloydKernel {
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  half: Float64Array;
  between: Float64Array;
  /** Assign every row (a full scan, or with the bounds) and sum the centres; returns the rows that changed. */
  pass: (xd: Float64Array, centres: Float64Array, full: boolean) => number;
  /** The centres' sums and counts from the last pass. */
  sums: Float64Array;
  counts: Float64Array;
  shiftBounds: (delta: Float64Array, maxAt: number, maxDelta: number, secondDelta: number) => void;
}

/** The last kernel made, kept for the next fit of the same shape (the starts): its memory is reused. */
let last: { key: string; kernel: LloydKernel } | null = null;

/**
 * A kernel for n rows of d features and k centres, its labels unset; or null (disabled,
 * unavailable, or too large). A fit must be done with it before the next one asks (fits run one
 * after another in a thread, and a fit copies its labels out).
 */
export function lloydKernel(n: number, d: number, k: number): LloydKernel | null {
  if (!enabled) return null;
  const key = `${n}×${d}×${k}`;
  if (last?.key === key) {
    last.kernel.labels.fill(-1);
    return last.kernel;
  }
  const kernel = makeKernel(n, d, k);
  last = kernel ? { key, kernel } : null;
  return kernel;
}

/** Let the kept kernel go (at the end of a K-Means run: its memory holds 20 bytes per row). */
export function releaseLloydKernel(): void {
  last = null;
}

function makeKernel(n: number, d: number, k: number): LloydKernel | null {
  const compiled = kernelModule();
  if (!compiled || !wasm) return null;
  const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const layout = {
    labels: 0,
    upper: 0,
    lower: 0,
    centres: 0,
    half: 0,
    between: 0,
    sums: 0,
    counts: 0,
    delta: 0,
    block: 0,
  };
  const sizes: [keyof typeof layout, number][] = [
    ['labels', n * 4],
    ['upper', n * 8],
    ['lower', n * 8],
    ['centres', k * d * 8],
    ['half', k * 8],
    ['between', k * k * 8],
    ['sums', k * d * 8],
    ['counts', k * 8],
    ['delta', k * 8],
    ['block', Math.min(n, BLOCK_ROWS) * d * 8],
  ];
  let bytes = 16;
  for (const [name, size] of sizes) {
    layout[name] = bytes;
    bytes += align(size);
  }
  // A 32-bit memory holds at most 4 GiB: beyond that the JavaScript kernel runs.
  const pages = Math.ceil(bytes / 65536);
  if (pages > 65536) return null;
  let memory: { buffer: ArrayBuffer };
  try {
    memory = new wasm.Memory({ initial: pages, maximum: pages });
  } catch {
    return null;
  }
  const kernel = new wasm.Instance(compiled, { env: { memory, abort: () => {} } }).exports as unknown as Exports;
  const buffer = memory.buffer;
  const f64 = (at: number, length: number) => new Float64Array(buffer, at, length);
  const labels = new Int32Array(buffer, layout.labels, n).fill(-1);
  const upper = f64(layout.upper, n);
  const lower = f64(layout.lower, n);
  const centresView = f64(layout.centres, k * d);
  const half = f64(layout.half, k);
  const between = f64(layout.between, k * k);
  const sums = f64(layout.sums, k * d);
  const counts = f64(layout.counts, k);
  const deltaView = f64(layout.delta, k);
  const block = f64(layout.block, Math.min(n, BLOCK_ROWS) * d);
  return {
    labels,
    upper,
    lower,
    half,
    between,
    sums,
    counts,
    pass: (xd, centres, full) => {
      centresView.set(centres);
      sums.fill(0);
      counts.fill(0);
      let changed = 0;
      for (let start = 0; start < n; start += BLOCK_ROWS) {
        const rows = Math.min(BLOCK_ROWS, n - start);
        block.set(xd.subarray(start * d, (start + rows) * d));
        changed += kernel.lloydBlock(
          layout.block,
          rows,
          d,
          layout.centres,
          k,
          layout.labels + start * 4,
          layout.upper + start * 8,
          layout.lower + start * 8,
          layout.half,
          layout.between,
          full ? 1 : 0,
          layout.sums,
          layout.counts,
        );
      }
      return changed;
    },
    shiftBounds: (delta, maxAt, maxDelta, secondDelta) => {
      deltaView.set(delta);
      kernel.shiftBounds(n, layout.labels, layout.upper, layout.lower, layout.delta, maxAt, maxDelta, secondDelta);
    },
  };
}
