import { beforeAll, describe, expect, it } from 'vitest';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import { seededRandom } from '../../shared/ml/random';
import type { TrainInput } from '../../shared/worker/messages';
import { requireBuild, workerEntry } from '../helpers/built';

beforeAll(requireBuild);

function blobs(rows: number, cols: number, centres: number, seed: number): TrainInput {
  const random = seededRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = i % centres;
    for (let j = 0; j < cols; j++) data[i * cols + j] = c * 3 + random();
  }
  const numeric = Array.from({ length: cols }, (_, j) => ({
    name: `f${j}`,
    values: Float64Array.from({ length: rows }, (_, i) => data[i * cols + j]),
  }));
  return { raw: { rows, numeric, categorical: [] }, options: { scaling: 'standard' }, k: centres, seed: 0, nInit: 2 };
}

describe('training worker as a real child process', () => {
  it('keeps a spare worker started when asked: the next job takes it, a new one starts after it', async () => {
    const started: number[] = [];
    const factory = nodeWorkerFactory(workerEntry);
    const runner = new JobRunner(
      () => {
        const port = factory();
        started.push(port.pid ?? -1);
        return port;
      },
      { spare: true },
    );
    // One started at once, before any job.
    expect(started).toHaveLength(1);
    const result = await runner.run('job-spare-1', { kind: 'train', input: blobs(600, 3, 3, 2) });
    expect(result.sizes).toEqual([200, 200, 200]);
    // The job ran on the spare; the next spare started when it ended.
    expect(started).toHaveLength(2);
    await runner.run('job-spare-2', { kind: 'train', input: blobs(600, 3, 3, 2) });
    expect(started).toHaveLength(3);
    const spare = started[2];
    expect(() => process.kill(spare, 0)).not.toThrow();
    runner.cancelAll();
    // Stopped with the runner.
    for (let wait = 0; wait < 50; wait++) {
      try {
        process.kill(spare, 0);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } catch {
        break;
      }
    }
    expect(() => process.kill(spare, 0)).toThrow();
    // Without `spare`, nothing starts before a job.
    const plain: number[] = [];
    new JobRunner(() => {
      plain.push(1);
      return factory();
    });
    expect(plain).toHaveLength(0);
  });

  it('reports progress, then exactly one result', async () => {
    const runner = new JobRunner(nodeWorkerFactory(workerEntry));
    const stages: string[] = [];
    const result = await runner.run('job-result-1', { kind: 'train', input: blobs(3000, 4, 3, 1) }, (stage) =>
      stages.push(stage),
    );
    expect(stages).toContain('prepare');
    expect(stages).toContain('kmeans');
    expect(result.sizes).toEqual([1000, 1000, 1000]);
    expect(result.labels).toBeInstanceOf(Int32Array);
    expect(result.silhouette).toBeGreaterThan(0.5);
  });

  it('reads CSV text in the worker, its rows sent on as they are read', async () => {
    const runner = new JobRunner(nodeWorkerFactory(workerEntry));
    const sent: string[] = [];
    const table = await runner.run(
      'job-parse-1',
      { kind: 'importStream', fileName: 'x.csv', source: { text: 'a,b\n1,2\n3,4\n' }, options: {} },
      undefined,
      (data) => sent.push(data.type === 'schema' ? 'schema' : `batch of ${data.rows}`),
    );
    expect(table.rowCount).toBe(2);
    expect(table.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric']);
    expect(sent).toEqual(['schema', 'batch of 2']);
  });

  it('returns errors as a code and a message', async () => {
    const runner = new JobRunner(nodeWorkerFactory(workerEntry));
    await expect(
      runner.run('job-error-1', { kind: 'importStream', fileName: 'bad.csv', source: { text: '' }, options: {} }),
    ).rejects.toMatchObject({
      code: 'FILE_EMPTY',
      message: 'bad.csv is empty.',
    });
  });

  it('cancels a long job by stopping its process', async () => {
    const runner = new JobRunner(nodeWorkerFactory(workerEntry));
    const input = { ...blobs(400_000, 8, 8, 2), nInit: 50 };
    let pid: number | undefined;
    const job = runner.run('job-cancel-1', { kind: 'train', input }, (stage) => {
      if (stage === 'kmeans' && pid === undefined) {
        pid = runner.workerPid('job-cancel-1');
        runner.cancel('job-cancel-1');
      }
    });
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(() => process.kill(pid as number, 0)).toThrow();
    expect(runner.cancel('job-cancel-1')).toBe(false);
  });

  it('turns a crash of the worker into an error, and the next job still runs', async () => {
    const runner = new JobRunner(nodeWorkerFactory(workerEntry));
    const input = { ...blobs(400_000, 8, 8, 3), nInit: 50 };
    const job = runner.run('job-crash-1', { kind: 'train', input }, (stage) => {
      const pid = runner.workerPid('job-crash-1');
      if (stage === 'kmeans' && pid) process.kill(pid, 'SIGKILL');
    });
    await expect(job).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    const next = await runner.run('job-after-crash', { kind: 'train', input: blobs(300, 2, 3, 4) });
    expect(next.sizes).toHaveLength(3);
  });
});
