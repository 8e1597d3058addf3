import { useState } from 'react';
import { columnLabel } from '../../../shared/segments/meanings';
import type { ModelSummary } from '../../../shared/domain';
import { formatCount, formatShare, formatValue } from '../format';
import { featureZScores } from '../../../shared/segments/traits';
import { UserText } from './UserText';

/** Two segments side by side: every feature's mean and how far apart they are, in standard deviations. */
export function CompareSegments({ model }: { model: ModelSummary }) {
  const [a, setA] = useState(0);
  const [b, setB] = useState(Math.min(1, model.k - 1));
  const first = model.segments[a];
  const second = model.segments[b];
  const firstZ = featureZScores(model, first.means);
  const secondZ = featureZScores(model, second.means);
  const rows = model.numericFeatures
    .map((feature, j) => ({ feature, left: first.means[j], right: second.means[j], gap: secondZ[j] - firstZ[j] }))
    .sort((x, y) => Math.abs(y.gap) - Math.abs(x.gap));
  const picker = (label: string, value: number, onChange: (v: number) => void) => (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {model.segments.map((s) => (
          <option key={s.cluster} value={s.cluster}>
            <UserText>{s.name}</UserText>
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="compare-segments-heading" className="card">
      <h3 id="compare-segments-heading">Compare two segments</h3>
      <div className="form-row">
        {picker('First segment', a, setA)}
        {picker('Second segment', b, setB)}
      </div>
      <div className="table-scroll">
        <table aria-label="Segment comparison">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col" className="number">
                <UserText>{first.name}</UserText>
              </th>
              <th scope="col" className="number">
                <UserText>{second.name}</UserText>
              </th>
              <th scope="col" className="number">
                Difference (SD)
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Customers</th>
              <td className="number">
                {formatCount(first.size)} ({formatShare(first.share)})
              </td>
              <td className="number">
                {formatCount(second.size)} ({formatShare(second.share)})
              </td>
              <td />
            </tr>
            {rows.map((r) => (
              <tr key={r.feature}>
                <th scope="row" title={r.feature}>
                  <UserText>{columnLabel(model.recipe, r.feature)}</UserText>
                </th>
                <td className="number">{formatValue(r.left)}</td>
                <td className="number">{formatValue(r.right)}</td>
                <td className={`number${r.gap > 0.5 ? ' number--high' : r.gap < -0.5 ? ' number--low' : ''}`}>
                  {r.gap > 0 ? '+' : ''}
                  {r.gap.toFixed(2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">Sorted by how far apart the two segments are; + means the second segment is higher.</p>
    </section>
  );
}
