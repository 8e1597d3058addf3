/**
 * A helper thread of a row team (./rowTeam.ts): takes chunks of each pass over the rows as they
 * come, and the swap search's trial Lloyd runs, on the kernel memories the team's thread sends it,
 * until told to stop.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { lloydRunOn } from '../../shared/ml/kmeans';
import { kernelExports, type KernelMemory } from '../../shared/ml/wasm/lloydKernel';
import { serveTeam } from '../../shared/ml/wasm/rowTeam';
import type { TeamThreadData } from './rowTeam';

const { state, port } = workerData as TeamThreadData;
const instances = new Map<number, Record<string, (...args: number[]) => number>>();

serveTeam(state, (id) => {
  let exports = instances.get(id);
  // The memory was posted before the pass began: it is waiting on the port.
  while (!exports) {
    const received = receiveMessageOnPort(port);
    if (!received) throw new Error(`Kernel memory ${id} was not sent to this thread.`);
    const { id: sent, memory } = received.message as { id: number; memory: KernelMemory };
    const made = kernelExports(memory);
    if (!made) throw new Error('The WebAssembly kernel does not run in this thread.');
    // With the swap search's trial Lloyd runs (run whole, in this thread's own kernel).
    instances.set(
      sent,
      Object.assign(Object.create(null) as object, made, { lloydRun: lloydRunOn(() => memory.buffer) }),
    );
    exports = instances.get(id);
  }
  return exports;
});
