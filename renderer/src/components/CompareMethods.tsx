import { useState } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { formatShare } from '../format';
import type { MethodComparison, MethodResult } from '../../../shared/ml/compare';

const silhouetteText = (r: MethodResult) => (r.silhouette === null ? '—' : r.silhouette.toFixed(2));

/** "Is K-Means the right tool here?": Ward and DBSCAN on a sample, side by side. */
export function CompareMethods({ modelId }: { modelId: number }) {
  const { api } = useClient();
  const job = useJob();
  const [result, setResult] = useState<MethodComparison | null>(null);
  const run = async () => {
    const comparison = await job.start((jobId) => api.compareMethods({ jobId, modelId }));
    if (comparison) setResult(comparison);
  };
  return (
    <section aria-labelledby="compare-heading" className="card">
      <h3 id="compare-heading">Is K-Means the right tool here?</h3>
      <p className="muted small">
        Runs two other methods on a sample of up to 5,000 customers: Ward&apos;s hierarchical clustering at the same
        number of segments, and DBSCAN, which looks for dense groups and leaves the rest as noise. The K-Means model
        stays the one that is saved.
      </p>
      <button type="button" className="button button--secondary" disabled={job.running} onClick={() => void run()}>
        Compare with Ward and DBSCAN
      </button>
      <JobProgress job={job} label="Comparing methods" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
      {result && (
        <>
          <p className="recommendation" role="note">
            {result.summary}
          </p>
          <div className="table-scroll">
            <table aria-label="Method comparison">
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col" className="number">
                    Groups
                  </th>
                  <th scope="col" className="number">
                    Silhouette
                  </th>
                  <th scope="col">Group sizes</th>
                  <th scope="col">Agreement with K-Means</th>
                </tr>
              </thead>
              <tbody>
                {[result.kmeans, result.ward, result.dbscan].map((r) => (
                  <tr key={r.method}>
                    <th scope="row">{r.method}</th>
                    <td className="number">{r.clusters}</td>
                    <td className="number">{silhouetteText(r)}</td>
                    <td>
                      {r.sizes.join(', ')}
                      {r.method === 'DBSCAN' ? ` (+ ${formatShare(result.dbscan.noiseShare)} noise)` : ''}
                    </td>
                    <td>
                      {r.method === 'K-Means'
                        ? '—'
                        : r.method === 'Ward'
                          ? formatShare(result.ward.agreement)
                          : result.dbscan.agreement === null
                            ? '—'
                            : `${formatShare(result.dbscan.agreement)} of the non-noise customers`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            On {result.sampled.toLocaleString()} of {result.rows.toLocaleString()} customers. DBSCAN: eps{' '}
            {result.dbscan.eps.toFixed(2)} from the k-distance curve, at least {result.dbscan.minSamples} neighbours.
          </p>
        </>
      )}
    </section>
  );
}
