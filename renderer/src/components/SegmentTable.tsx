import type { ModelSummary } from '../../../shared/domain';
import { columnLabel } from '../../../shared/segments/meanings';
import { formatCount, formatShare, formatValue } from '../format';
import { featureZScores } from '../../../shared/segments/traits';
import { UserText } from './UserText';

/** Size, share and the mean of every feature per segment, against all customers. */
export function SegmentTable({ model }: { model: ModelSummary }) {
  return (
    <div className="table-scroll">
      <table aria-label="Segments">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col" className="number">
              Customers
            </th>
            <th scope="col" className="number">
              Share
            </th>
            {model.numericFeatures.map((f) => (
              <th scope="col" className="number" key={f} title={f}>
                <UserText>{columnLabel(model.recipe, f)}</UserText>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.segments.map((s) => (
            <tr key={s.cluster}>
              <th scope="row">
                <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />
                <UserText>{s.name}</UserText>
              </th>
              <td className="number">{formatCount(s.size)}</td>
              <td className="number">{formatShare(s.share)}</td>
              {featureZScores(model, s.means).map((z, j) => {
                const v = s.means[j];
                const tone = z > 0.5 ? 'high' : z < -0.5 ? 'low' : undefined;
                return (
                  <td key={j} className={`number${tone ? ` number--${tone}` : ''}`}>
                    {formatValue(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All customers</th>
            <td className="number">{formatCount(model.customers)}</td>
            <td className="number">{formatShare(1)}</td>
            {model.overallMeans.map((v, j) => (
              <td key={j} className="number">
                {formatValue(v)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        Shaded cells are at least half a standard deviation above (green) or below (orange) the average.
      </p>
    </div>
  );
}
