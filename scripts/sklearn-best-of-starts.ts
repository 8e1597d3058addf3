/**
 * Writes tests/fixtures/best_of_starts.reference.json: scikit-learn's best inertia of 4 k-means++
 * starts (KMeans n_init=4, random_state=0, lloyd) at k = 2–10 on seeded synthetic datasets,
 * standardised. The unit test checks that our sweep's best is within 0.1% at every k.
 * Needs Debian's python3-sklearn:  npx tsx scripts/sklearn-best-of-starts.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitStandardScaler, standardize } from '../shared/ml/scaling';
import { syntheticCustomers } from '../tests/helpers/synthetic';

const BEST_OF_STARTS_DATASETS = [
  { rows: 10_000, blobs: 8, seed: 10_000 },
  { rows: 10_000, blobs: 20, seed: 3 },
  { rows: 10_000, blobs: 5, seed: 2 },
  { rows: 10_000, blobs: 3, seed: 7 },
  { rows: 30_000, blobs: 12, seed: 4 },
];

const dir = mkdtempSync(join(tmpdir(), 'best-of-starts-'));
try {
  const datasets = BEST_OF_STARTS_DATASETS.map((spec) => {
    const raw = syntheticCustomers(spec.rows, spec.blobs, spec.seed);
    const x = standardize(raw, fitStandardScaler(raw));
    const file = join(dir, 'x.f64');
    writeFileSync(file, Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength));
    const script = `
import sys, json, numpy as np
from sklearn.cluster import KMeans
x = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, ${x.cols})
print(json.dumps({k: float(KMeans(n_clusters=k, n_init=4, random_state=0, algorithm='lloyd').fit(x).inertia_) for k in range(2, 11)}))`;
    const inertia = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as Record<
      string,
      number
    >;
    return { ...spec, cols: x.cols, inertia };
  });
  const version = execFileSync('/usr/bin/python3', ['-c', 'import sklearn; print(sklearn.__version__)'], {
    encoding: 'utf8',
  }).trim();
  writeFileSync(
    'tests/fixtures/best_of_starts.reference.json',
    `${JSON.stringify({ generator: `scikit-learn ${version}`, nInit: 4, datasets }, null, 2)}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
