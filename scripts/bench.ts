/**
 * `npm run bench`: speed of the pipeline's stages at several sizes, as rows per second and
 * seconds; with Debian's python3-sklearn present, scikit-learn's K-Means on the same data for
 * comparison (time and best inertia with the same number of k-means++ starts).
 * Options: --sizes 10000,100000,1000000  --k 8  --n-init 4
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMatrix, type Matrix } from '../shared/ml/matrix';
import { seededRandom } from '../shared/ml/random';
import { fitStandardScaler, standardize } from '../shared/ml/scaling';
import { kmeans } from '../shared/ml/kmeans';
import { calinskiHarabasz, daviesBouldin, silhouette } from '../shared/ml/metrics';
import { fitPca } from '../shared/ml/pca';
import { csvLine } from '../shared/csv';
import { parseCsv } from '../electron/services/import/parseCsv';
import { openDatabase } from '../electron/services/store/database';
import { insertDataset } from '../electron/services/store/datasets';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    k: { type: 'string', default: '8' },
    'n-init': { type: 'string', default: '4' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const k = Number(values.k);
const nInit = Number(values['n-init']);
const COLS = 8;

function syntheticCustomers(rows: number, seed: number): Matrix {
  const random = seededRandom(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: COLS }, () => random() * 10));
  const m = createMatrix(rows, COLS);
  for (let i = 0; i < rows; i++) {
    const c = centres[i % k];
    for (let j = 0; j < COLS; j++) {
      const u = 1 - random();
      m.data[i * COLS + j] = c[j] + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()) * 1.5;
    }
  }
  return m;
}

const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const result = fn();
  return [result, (performance.now() - start) / 1000];
};

const sklearnPython = '/usr/bin/python3';
function sklearnAvailable(): boolean {
  if (!existsSync(sklearnPython)) return false;
  try {
    execFileSync(sklearnPython, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function sklearnKMeans(x: Matrix, dir: string): { seconds: number; inertia: number } {
  const file = join(dir, `x-${x.rows}.f64`);
  writeFileSync(file, Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength));
  const script = `
import sys, time, numpy as np
from sklearn.cluster import KMeans
x = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, ${COLS})
t = time.perf_counter()
m = KMeans(n_clusters=${k}, n_init=${nInit}, random_state=0, algorithm='lloyd').fit(x)
print(time.perf_counter() - t, m.inertia_)`;
  const out = execFileSync(sklearnPython, ['-c', script, file], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  const [seconds, inertia] = out.trim().split(/\s+/).map(Number);
  return { seconds, inertia };
}

interface Row {
  stage: string;
  rows: number;
  seconds: number;
  note?: string;
}
const results: Row[] = [];
const withSklearn = sklearnAvailable();
const dir = mkdtempSync(join(tmpdir(), 'segment-bench-'));

try {
  for (const rows of sizes) {
    const raw = syntheticCustomers(rows, rows);
    const header = Array.from({ length: COLS }, (_, j) => `f${j}`);
    const lines = [csvLine(['customer_id', ...header])];
    for (let i = 0; i < rows; i++) lines.push(csvLine([`C${i}`, ...raw.data.subarray(i * COLS, (i + 1) * COLS)]));
    const text = lines.join('\n');
    const [table, parseSeconds] = time(() => parseCsv('bench.csv', text));
    results.push({
      stage: 'parse CSV',
      rows,
      seconds: parseSeconds,
      note: `${(text.length / 2 ** 20).toFixed(0)} MiB`,
    });
    const db = openDatabase(join(dir, `bench-${rows}.db`));
    const [, storeSeconds] = time(() => insertDataset(db, table, { name: 'bench', fileName: 'bench.csv' }));
    db.close();
    results.push({ stage: 'store (one transaction)', rows, seconds: storeSeconds });

    const [x, scaleSeconds] = time(() => standardize(raw, fitStandardScaler(raw)));
    results.push({ stage: 'standard scaling', rows, seconds: scaleSeconds });
    const [fit, fitSeconds] = time(() => kmeans(x, { k, nInit, seed: 0 }));
    let note = `k=${k}, ${nInit} starts, inertia ${fit.inertia.toFixed(1)}`;
    if (withSklearn) {
      const sk = sklearnKMeans(x, dir);
      const gap = (fit.inertia - sk.inertia) / sk.inertia;
      note += `; scikit-learn ${sk.seconds.toFixed(2)} s (1 thread), inertia ${sk.inertia.toFixed(1)}, ours ${(gap * 100).toFixed(3)}% ${gap <= 0.001 ? 'within 0.1%' : 'ABOVE 0.1%'}`;
    }
    results.push({ stage: 'K-Means (k-means++ + Lloyd)', rows, seconds: fitSeconds, note });
    const [sil, silSeconds] = time(() => silhouette(x, fit.labels, { seed: 0 }));
    results.push({
      stage: 'silhouette',
      rows,
      seconds: silSeconds,
      note: sil.exact ? 'exact' : `seeded sample of ${sil.sampled}`,
    });
    const [, otherSeconds] = time(() => [calinskiHarabasz(x, fit.labels), daviesBouldin(x, fit.labels)]);
    results.push({ stage: 'Calinski–Harabasz + Davies–Bouldin', rows, seconds: otherSeconds });
    if (rows <= 100_000) {
      const [, pcaSeconds] = time(() => fitPca(x));
      results.push({ stage: 'PCA (ml-pca)', rows, seconds: pcaSeconds });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(
  `Segment Studio bench — Node ${process.version}, ${COLS} features${withSklearn ? '' : ' (scikit-learn not found: no comparison)'}`,
);
console.log(`${pad('stage', 36)} ${'rows'.padStart(9)} ${'seconds'.padStart(9)} ${'rows/s'.padStart(12)}  note`);
for (const r of results) {
  console.log(
    `${pad(r.stage, 36)} ${String(r.rows).padStart(9)} ${r.seconds.toFixed(3).padStart(9)} ${Math.round(
      r.rows / r.seconds,
    )
      .toLocaleString('en')
      .padStart(12)}  ${r.note ?? ''}`,
  );
}
