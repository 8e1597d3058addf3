/**
 * `npm run bench`: speed of the pipeline's stages at several sizes, as rows per second and
 * seconds, and the k sweep (k = 2–10, 4 starts each, metrics and stability included) run as the
 * app runs it (worker threads). With Debian's python3-sklearn present, scikit-learn does the same
 * sweep on the same data (KMeans n_init=4 per k, silhouette on a 10,000 sample, CH, DB; two
 * threads) and the table prints its time, its best inertia per k and the ratio.
 * Options: --sizes 10000,100000,1000000  --k 8 (blobs in the data)  --n-init 4  --k-max 10
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Matrix } from '../shared/ml/matrix';
import { syntheticCustomers } from '../tests/helpers/synthetic';
import { fitStandardScaler, standardize } from '../shared/ml/scaling';
import { kmeans } from '../shared/ml/kmeans';
import type { SweepPoint } from '../shared/ml/sweep';
import { parallelSweep } from '../electron/worker/parallelSweep';
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
    'k-max': { type: 'string', default: '10' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const k = Number(values.k);
const nInit = Number(values['n-init']);
const kMax = Number(values['k-max']);
const threadEntry = fileURLToPath(new URL('../out/main/sweep-thread.js', import.meta.url));
const COLS = 8;

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

interface SklearnSweep {
  seconds: number;
  kmeansSeconds: number;
  points: { k: number; inertia: number; silhouette: number }[];
}

/** scikit-learn's sweep on the same matrix (two threads, as it uses by default on this machine). */
function sklearnSweep(x: Matrix, dir: string): SklearnSweep {
  const file = join(dir, `x-${x.rows}.f64`);
  writeFileSync(file, Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength));
  const script = `
import sys, time, json, numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score, calinski_harabasz_score, davies_bouldin_score
x = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, ${x.cols})
points, t0, km = [], time.perf_counter(), 0.0
for k in range(2, ${kMax} + 1):
    t = time.perf_counter()
    m = KMeans(n_clusters=k, n_init=${nInit}, random_state=0, algorithm='lloyd').fit(x)
    km += time.perf_counter() - t
    s = silhouette_score(x, m.labels_, sample_size=min(10000, len(x)), random_state=0)
    calinski_harabasz_score(x, m.labels_); davies_bouldin_score(x, m.labels_)
    points.append({"k": k, "inertia": float(m.inertia_), "silhouette": float(s)})
print(json.dumps({"seconds": time.perf_counter() - t0, "kmeansSeconds": km, "points": points}))`;
  const out = execFileSync(sklearnPython, ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out) as SklearnSweep;
}

interface Row {
  stage: string;
  rows: number;
  seconds: number;
  note?: string;
}
const results: Row[] = [];
const sweeps: { rows: number; seconds: number; points: SweepPoint[]; sklearn: SklearnSweep | null }[] = [];
const withSklearn = sklearnAvailable();
const dir = mkdtempSync(join(tmpdir(), 'segment-bench-'));

try {
  for (const rows of sizes) {
    const raw = syntheticCustomers(rows, k, rows, COLS);
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
    results.push({
      stage: 'K-Means, one k',
      rows,
      seconds: fitSeconds,
      note: `k=${k}, ${nInit} starts, ${fit.iterations} iterations`,
    });
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

    const sweepStart = performance.now();
    const sweep = await parallelSweep(x, { kMin: 2, kMax, nInit, seed: 0 }, undefined, threadEntry);
    const sweepSeconds = (performance.now() - sweepStart) / 1000;
    const sk = withSklearn ? sklearnSweep(x, dir) : null;
    results.push({
      stage: `k sweep 2–${kMax} (${nInit} starts, metrics, stability)`,
      rows,
      seconds: sweepSeconds,
      note: sk
        ? `scikit-learn ${sk.seconds.toFixed(2)} s (K-Means alone ${sk.kmeansSeconds.toFixed(2)} s): ratio ${(sweepSeconds / sk.seconds).toFixed(2)}`
        : '',
    });
    sweeps.push({ rows, seconds: sweepSeconds, points: sweep.points, sklearn: sk });
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

for (const sweep of sweeps) {
  console.log(
    `\nk sweep on ${sweep.rows} rows: ${sweep.seconds.toFixed(2)} s${sweep.sklearn ? `, scikit-learn ${sweep.sklearn.seconds.toFixed(2)} s` : ''}`,
  );
  console.log(
    `${'k'.padStart(3)} ${'seconds'.padStart(8)} ${'iter'.padStart(5)} ${'inertia'.padStart(14)} ${'sklearn inertia'.padStart(16)} ${'gap'.padStart(9)} ${'silhouette'.padStart(10)} ${'stability'.padStart(9)}`,
  );
  let worstGap = -Infinity;
  for (const p of sweep.points) {
    const ref = sweep.sklearn?.points.find((q) => q.k === p.k);
    if (ref) worstGap = Math.max(worstGap, (p.inertia - ref.inertia) / ref.inertia);
    const gap = ref ? `${(((p.inertia - ref.inertia) / ref.inertia) * 100).toFixed(3)}%` : '';
    console.log(
      `${String(p.k).padStart(3)} ${p.seconds.toFixed(2).padStart(8)} ${String(p.iterations).padStart(5)} ${p.inertia.toFixed(1).padStart(14)} ${(ref ? ref.inertia.toFixed(1) : '').padStart(16)} ${gap.padStart(9)} ${p.silhouette.toFixed(3).padStart(10)} ${p.stability.toFixed(3).padStart(9)}`,
    );
  }
  if (sweep.sklearn) {
    const within = worstGap <= 0.001;
    console.log(
      `best inertia within 0.1% of scikit-learn's at every k: ${within ? 'yes' : 'NO'} (largest gap ${(worstGap * 100).toFixed(3)}%; negative = ours lower)`,
    );
  }
}
