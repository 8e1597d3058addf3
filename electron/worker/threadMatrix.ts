import { createMatrix, type Matrix } from '../../shared/ml/matrix';
import { adoptKernelMemory, type KernelMemory } from '../../shared/ml/wasm/lloydKernel';

/**
 * A thread's view of the feature matrix another thread made: in its kernel memory (read in place by
 * the WebAssembly kernel), or in a plain shared buffer where WebAssembly does not run.
 */
export function threadMatrix(data: {
  rows: number;
  cols: number;
  memory: KernelMemory | null;
  buffer: SharedArrayBuffer;
}): Matrix {
  const length = data.rows * data.cols;
  return createMatrix(
    data.rows,
    data.cols,
    data.memory ? adoptKernelMemory(data.memory, length) : new Float64Array(data.buffer, 0, length),
  );
}
