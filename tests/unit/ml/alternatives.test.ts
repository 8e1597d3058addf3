import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir, loadReference, referenceNames } from '../../helpers/fixtures';
import { fitStandardScaler, standardize } from '../../../shared/ml/scaling';
import { selectRows } from '../../../shared/ml/matrix';
import { wardLabels } from '../../../shared/ml/ward';
import { dbscan, NOISE, suggestEps } from '../../../shared/ml/dbscan';
import { adjustedRandIndex } from '../../../shared/ml/agreement';

interface Extra {
  fixtures: Record<string, { ward_first600: Record<string, number[]>; dbscan_first600_eps0_6_min8: number[] }>;
}
const extra = JSON.parse(readFileSync(`${fixturesDir}extra.reference.json`, 'utf8')) as Extra;

describe.each(referenceNames)('Ward and DBSCAN against scikit-learn on %s', (name) => {
  const { matrix } = loadReference(name);
  const scaled = standardize(matrix, fitStandardScaler(matrix));
  const head = selectRows(
    scaled,
    Array.from({ length: Math.min(600, scaled.rows) }, (_, i) => i),
  );
  const ref = extra.fixtures[name];

  it.each(['3', '4', '6'])('Ward with k = %s gives AgglomerativeClustering(linkage="ward")', (k) => {
    const ours = wardLabels(head, Number(k));
    expect(adjustedRandIndex(ours, Int32Array.from(ref.ward_first600[k]))).toBe(1);
  });

  it('DBSCAN gives sklearn.cluster.DBSCAN(eps=0.6, min_samples=8)', () => {
    const ours = dbscan(head, 0.6, 8);
    const theirs = Int32Array.from(ref.dbscan_first600_eps0_6_min8);
    expect(Array.from(ours).map((l) => l === NOISE)).toEqual(Array.from(theirs).map((l) => l === NOISE));
    const clustered = Array.from(theirs.keys()).filter((i) => theirs[i] !== NOISE);
    expect(
      adjustedRandIndex(
        Int32Array.from(clustered, (i) => ours[i]),
        Int32Array.from(clustered, (i) => theirs[i]),
      ),
    ).toBe(1);
  });

  it('suggests an eps inside the range of k-distances', () => {
    const eps = suggestEps(head, 8);
    expect(eps).toBeGreaterThan(0);
    const labels = dbscan(head, eps, 8);
    expect(new Set(labels).size).toBeGreaterThan(1);
  });
});
