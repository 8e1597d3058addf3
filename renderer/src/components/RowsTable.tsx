import type { CellValue } from '../../../shared/domain';
import { formatValue } from '../format';
import { UserText } from './UserText';

const cell = (v: CellValue) => (v === null ? '' : typeof v === 'number' ? formatValue(v) : v);

/** Rows of a table as read or stored (the dataset page's preview, the import wizard's preview). */
export function RowsTable({
  label,
  columns,
  rows,
  className,
}: {
  label: string;
  columns: string[];
  rows: CellValue[][];
  className?: string;
}) {
  return (
    <table aria-label={label} className={className}>
      <thead>
        <tr>
          {columns.map((name) => (
            <th scope="col" key={name}>
              <UserText>{name}</UserText>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((v, j) => (
              <td key={j} className={typeof v === 'number' ? 'number' : undefined}>
                {typeof v === 'string' ? <UserText>{v}</UserText> : cell(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
