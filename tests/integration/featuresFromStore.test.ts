/**
 * With the store in a file, the worker reads a training's and a sweep's feature columns from it:
 * the main process sends only where they are (it never holds them, nor copies them to the
 * worker), and the model is the one made from columns sent with the job (a store in memory).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuild, tempDir, workerEntry } from '../helpers/built';
import { openDatabase } from '../../electron/services/store/database';
import { createAppService } from '../../electron/services/appService';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import type { WorkerJob } from '../../shared/worker/messages';
import type { ModelSummary, SweepSummary } from '../../shared/domain';

const temp = tempDir('segment-features-');
beforeAll(requireBuild);
afterAll(temp.cleanup);

/** A service over a store (file or memory), with the jobs it sends recorded. */
function service(path: string) {
  const jobs = new JobRunner(nodeWorkerFactory(workerEntry));
  const sent: WorkerJob[] = [];
  const run = jobs.run.bind(jobs);
  jobs.run = ((...args: Parameters<typeof run>) => {
    sent.push(args[1]);
    return run(...args);
  }) as typeof jobs.run;
  const db = openDatabase(path);
  const app = createAppService({ db, jobs, mode: 'cli', version: 'test' });
  const call = async <T>(name: string, args: unknown): Promise<T> => {
    const result = await app.dispatch(name, args);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };
  return { app, sent, call, close: () => (jobs.cancelAll(), db.close()) };
}

describe('feature columns read by the worker', () => {
  it('trains and sweeps from the store file, the same model as from columns sent', async () => {
    const file = join(repoRoot, 'resources', 'sample', 'customers.csv');
    const features = ['income', 'kids_at_home', 'recency_days', 'spend_wine', 'marital_status'];
    const models: ModelSummary[] = [];
    const sweeps: SweepSummary[] = [];
    for (const path of [join(temp.dir, 'store.db'), ':memory:']) {
      const s = service(path);
      try {
        const dataset = await s.app.importFile('features-import', 'customers.csv', { bytes: readFileSync(file) });
        sweeps.push(
          await s.call<SweepSummary>('sweepK', {
            jobId: 'features-sweep',
            datasetId: dataset.id,
            features,
            kMin: 2,
            kMax: 4,
          }),
        );
        models.push(
          await s.call<ModelSummary>('trainModel', { jobId: 'features-train', datasetId: dataset.id, features, k: 4 }),
        );
        const jobs = s.sent.filter((j) => j.kind === 'train' || j.kind === 'sweep');
        expect(jobs).toHaveLength(2);
        for (const job of jobs) {
          const input = (job as Extract<WorkerJob, { kind: 'train' }>).input;
          // A file: only where the columns are; in memory: the columns themselves.
          expect('store' in input).toBe(path !== ':memory:');
          expect('raw' in input).toBe(path === ':memory:');
        }
      } finally {
        s.close();
      }
    }
    const [fromFile, fromMemory] = models;
    expect(fromFile.inertia).toBe(fromMemory.inertia);
    expect(fromFile.segments.map((x) => x.size)).toEqual(fromMemory.segments.map((x) => x.size));
    expect(sweeps[0].points.map((p) => p.inertia)).toEqual(sweeps[1].points.map((p) => p.inertia));
  });

  it('trains a table large enough for every core the same from the file as from columns sent', async () => {
    // 40,000 rows: the worker starts its team before reading, shares K-Means' passes and makes
    // the matrix measures in a thread of their own; the store in memory sends the columns.
    const lines = ['id,spend,visits,region'];
    for (let i = 0; i < 40_000; i++) {
      lines.push(`${i + 1},${((i * 7919) % 1000) / 3 + (i % 4) * 400},${(i * 31) % 17},${['N', 'S', 'E'][i % 3]}`);
    }
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const models: ModelSummary[] = [];
    for (const path of [join(temp.dir, 'large.db'), ':memory:']) {
      const s = service(path);
      try {
        const dataset = await s.app.importFile('large-import', 'large.csv', { bytes });
        const features = ['spend', 'visits', 'region'];
        models.push(
          await s.call<ModelSummary>('trainModel', { jobId: 'large-train', datasetId: dataset.id, features, k: 4 }),
        );
        const job = s.sent.find((j) => j.kind === 'train') as Extract<WorkerJob, { kind: 'train' }>;
        if ('store' in job.input) expect(job.input.store.rows).toBe(40_000);
      } finally {
        s.close();
      }
    }
    const [fromFile, fromMemory] = models;
    expect(fromFile.inertia).toBe(fromMemory.inertia);
    expect(fromFile.silhouette).toBe(fromMemory.silhouette);
    expect(fromFile.segments.map((x) => [x.size, x.means, x.categoryShares])).toEqual(
      fromMemory.segments.map((x) => [x.size, x.means, x.categoryShares]),
    );
  });

  it('refuses an unknown feature in the main process, naming it, before any job', async () => {
    const s = service(join(temp.dir, 'refuse.db'));
    try {
      const dataset = await s.app.importFile('refuse-import', 'customers.csv', {
        bytes: readFileSync(join(repoRoot, 'resources', 'sample', 'customers.csv')),
      });
      const result = await s.app.dispatch('trainModel', {
        jobId: 'refuse-train',
        datasetId: dataset.id,
        features: ['income', 'no_such_column'],
        k: 3,
      });
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error.message).toMatch(/has no column "no_such_column"/);
      expect(s.sent.filter((j) => j.kind === 'train')).toHaveLength(0);
    } finally {
      s.close();
    }
  });
});
