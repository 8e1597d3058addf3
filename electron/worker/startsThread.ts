/**
 * A thread of the parallel K-Means starts: takes the next start not yet taken, draws it (k-means++
 * from where the seeded stream stands before it) and runs Lloyd on the shared feature matrix;
 * posts each run's iterations and, at the end, its best run (the first of equals).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { threadMatrix } from './threadMatrix';
import { lloyd, seededStart, type KMeansResult } from '../../shared/ml/kmeans';
import { toErrorShape } from '../../shared/errors';
import { releaseLloydKernel } from '../../shared/ml/wasm/lloydKernel';
import type { StartsThreadData, StartsThreadMessage } from './parallelStarts';

const data = workerData as StartsThreadData;
const x = threadMatrix(data);
const post = (message: StartsThreadMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);

try {
  let best: { index: number; result: KMeansResult } | null = null;
  const next = new Int32Array(data.next);
  for (let index = Atomics.add(next, 0, 1); index < data.nInit; index = Atomics.add(next, 0, 1)) {
    const result = lloyd(x, seededStart(x, data.k, data.seed, index), {
      maxIter: data.maxIter,
      tolerance: data.tolerance,
      onIteration: (iteration) => post({ type: 'iteration', init: index, iteration }),
    });
    const current = best as { index: number; result: KMeansResult } | null;
    if (
      !current ||
      result.inertia < current.result.inertia ||
      (result.inertia === current.result.inertia && index < current.index)
    ) {
      best = { index, result };
    }
  }
  releaseLloydKernel();
  const found = best as { index: number; result: KMeansResult } | null;
  if (!found) {
    // The other threads took every start before this one began.
    post({ type: 'none' });
  } else {
    report(found);
  }
} catch (error) {
  post({ type: 'error', error: toErrorShape(error) });
}

function report({ index, result }: { index: number; result: KMeansResult }): void {
  const centres = Float64Array.from(result.centroids.data);
  post(
    {
      type: 'best',
      index,
      inertia: result.inertia,
      iterations: result.iterations,
      converged: result.converged,
      centres,
      labels: result.labels,
    },
    [centres.buffer, result.labels.buffer as ArrayBuffer],
  );
}
