import { useState } from 'react';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from './ErrorMessage';
import { downloadText } from '../download';
import type { ModelSummary } from '../../../shared/domain';
import { SQL_DIALECTS, type SqlDialect } from '../../../shared/segments/scoringSql';
import styles from './ScoringSql.module.css';

const DIALECT_LABELS: Record<SqlDialect, string> = {
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  sqlite: 'SQLite',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
  spark: 'Spark / Databricks',
};

/**
 * The model as SQL for the warehouse: one SELECT that scores every customer of a table exactly as
 * "assign" does. Shown to select and copy, and downloadable as a .sql file.
 */
export function ScoringSql({ model }: { model: ModelSummary }) {
  const { api } = useClient();
  const [dialect, setDialect] = useState<SqlDialect>('duckdb');
  const [table, setTable] = useState('customers');
  const [id, setId] = useState('');
  const [result, setResult] = useState<{ fileName: string; sql: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const write = async () => {
    setError(null);
    try {
      setResult(
        await api.modelSql({
          modelId: model.id,
          dialect,
          ...(table.trim() ? { table: table.trim() } : {}),
          ...(id.trim() ? { id: id.trim() } : {}),
        }),
      );
    } catch (e) {
      setResult(null);
      setError(e as Error);
    }
  };
  return (
    <details className={styles.scoringSql}>
      <summary>Score in your warehouse (SQL)</summary>
      <p className="muted small">
        One SQL query that gives every customer of a table in your database its segment, with the same steps and values
        as this model — no need to copy customers to this computer.
      </p>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void write();
        }}
      >
        <label>
          Database
          <select value={dialect} onChange={(e) => setDialect(e.target.value as SqlDialect)}>
            {SQL_DIALECTS.map((d) => (
              <option key={d} value={d}>
                {DIALECT_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Table
          <input value={table} onChange={(e) => setTable(e.target.value)} maxLength={300} />
        </label>
        <label>
          Customer id column
          <input
            value={id}
            onChange={(e) => setId(e.target.value)}
            placeholder="the dataset's identifier"
            maxLength={255}
          />
        </label>
        <button type="submit" className="button button--secondary">
          Write the SQL
        </button>
      </form>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {result && (
        <>
          <textarea
            className={styles.sqlText}
            readOnly
            rows={12}
            value={result.sql}
            aria-label="Scoring SQL"
            onFocus={(e) => e.target.select()}
          />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => downloadText(result.fileName, result.sql, 'application/sql')}
          >
            Download {result.fileName}
          </button>
        </>
      )}
    </details>
  );
}
