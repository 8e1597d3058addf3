import { useState } from 'react';
import type { ImportOptions } from '../../../shared/import/options';
import type { ImportPreview } from '../../../shared/worker/messages';
import { formatCount, formatValue } from '../format';
import { UserText } from './UserText';
import styles from './ImportWizard.module.css';

type Cleaning = NonNullable<ImportOptions['clean']>[string];
type Derived = NonNullable<ImportOptions['derive']>[number];

const MISSING_CHOICES: { value: NonNullable<Cleaning['missing']>; label: string; numeric: boolean; text: boolean }[] = [
  { value: 'keep', label: 'Keep blank', numeric: true, text: true },
  { value: 'drop', label: 'Drop the row', numeric: true, text: true },
  { value: 'mean', label: 'Mean', numeric: true, text: false },
  { value: 'median', label: 'Median', numeric: true, text: false },
  { value: 'mode', label: 'Most frequent', numeric: true, text: true },
  { value: 'constant', label: 'A value…', numeric: true, text: true },
  { value: 'unknown', label: '"Unknown" category', numeric: false, text: true },
];

/** Step "Clean": blanks per column with a strategy, outliers capped, rare categories merged. */
export function CleanStep({
  preview,
  clean,
  onChange,
  transactions = false,
  derived = [],
}: {
  preview: ImportPreview;
  clean: NonNullable<ImportOptions['clean']>;
  onChange: (column: string, choice: Cleaning) => void;
  /** A transaction log: its customers' columns (recency, frequency, monetary…) are cleaned like a file's. */
  transactions?: boolean;
  /** Columns made in the next step (they are made after cleaning). */
  derived?: string[];
}) {
  const columns = preview.columns.filter(
    (c) =>
      !c.ignored &&
      (transactions ? !derived.includes(c.name) : !c.derived) &&
      (c.kind === 'numeric' || c.kind === 'categorical'),
  );
  return (
    <section aria-label="Clean">
      <p className="muted small">
        {transactions
          ? "The customers made from the log, each column counted before cleaning: a log leaves no blank recency, frequency or monetary value, but a few very large buyers may stand far out. They are real customers: cap them only to keep them from pulling a segment's centre, or soften them with log(1 + x) in the next step."
          : 'Blanks, outliers (beyond 1.5 box-lengths of the middle half) and rare categories (under 1% of customers), counted before cleaning.'}{' '}
        {preview.dropped > 0 && <strong>{formatCount(preview.dropped)} rows will be dropped.</strong>}
      </p>
      {columns.length === 0 && (
        <p className="muted" role="note">
          No number or category columns to clean: go on to the next step.
        </p>
      )}
      <div className={`table-scroll ${styles.tableScrollShort}`}>
        <table aria-label="Cleaning">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col" className="num">
                Blank
              </th>
              <th scope="col">If blank</th>
              <th scope="col">Outliers / rare</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => {
              const choice = clean[c.name] ?? {};
              const numeric = c.kind === 'numeric';
              return (
                <tr key={c.name}>
                  <th scope="row">
                    <UserText>{c.name}</UserText>
                  </th>
                  <td className="num">{formatCount(c.blanksBefore)}</td>
                  <td>
                    <select
                      aria-label={`Blanks in ${c.name}`}
                      value={choice.missing ?? 'keep'}
                      onChange={(e) => onChange(c.name, { ...choice, missing: e.target.value as Cleaning['missing'] })}
                    >
                      {MISSING_CHOICES.filter((m) => (numeric ? m.numeric : m.text)).map((m) => (
                        <option key={m.value} value={m.value}>
                          {m.label}
                        </option>
                      ))}
                    </select>
                    {choice.missing === 'constant' && (
                      <input
                        type="text"
                        className={`field ${styles.constantInput}`}
                        aria-label={`Value for blanks in ${c.name}`}
                        defaultValue={choice.constant === undefined ? '' : String(choice.constant)}
                        onBlur={(e) =>
                          onChange(c.name, {
                            ...choice,
                            constant: numeric ? Number(e.target.value.replace(',', '.')) : e.target.value,
                          })
                        }
                      />
                    )}
                  </td>
                  <td>
                    {numeric && c.noCap ? (
                      <span className="muted small">Not capped: {c.noCap}</span>
                    ) : numeric ? (
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={choice.capOutliers ?? false}
                          disabled={c.outliers === 0}
                          onChange={(e) => onChange(c.name, { ...choice, capOutliers: e.target.checked })}
                        />
                        Cap {formatCount(c.outliers)} outlier{c.outliers === 1 ? '' : 's'}
                      </label>
                    ) : (
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={choice.mergeRare ?? false}
                          disabled={c.rare === 0}
                          onChange={(e) => onChange(c.name, { ...choice, mergeRare: e.target.checked })}
                        />
                        Merge {formatCount(c.rare)} rare categor{c.rare === 1 ? 'y' : 'ies'} into "Other"
                      </label>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const TEMPLATES: { value: Derived['template']; label: string; hint: string }[] = [
  { value: 'sum', label: 'Sum of columns', hint: 'e.g. total spending from the spend columns' },
  { value: 'count', label: 'Count of yes/1 flags', hint: 'e.g. campaigns accepted' },
  { value: 'ratio', label: 'Ratio of two columns', hint: 'first ÷ second' },
  { value: 'log1p', label: 'log(1 + x)', hint: 'tames a skewed amount' },
  { value: 'age', label: 'Age from a birth year or date', hint: 'completed years at the reference year or day' },
  {
    value: 'tenure',
    label: 'Tenure from a sign-up date',
    hint: 'days from the date to the reference day (blank: the latest date in the column)',
  },
];

/** Step "Derive": new columns from templates, with the new column's first values shown live. */
export function DeriveStep({
  preview,
  derive,
  onChange,
}: {
  preview: ImportPreview;
  derive: Derived[];
  onChange: (derive: Derived[]) => void;
}) {
  const [template, setTemplate] = useState<Derived['template']>('sum');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [reference, setReference] = useState(String(new Date().getFullYear()));
  const [referenceDate, setReferenceDate] = useState('');
  const candidates = preview.columns.filter(
    (c) =>
      !c.ignored &&
      (template === 'count'
        ? c.kind !== 'text' && c.kind !== 'date'
        : template === 'tenure'
          ? c.kind === 'date'
          : template === 'age'
            ? c.kind === 'numeric' || c.kind === 'date'
            : c.kind === 'numeric'),
  );
  const needs =
    template === 'ratio' ? 2 : template === 'log1p' || template === 'age' || template === 'tenure' ? 1 : null;
  // A date column counts to a day; a birth year counts to a year.
  const fromDate =
    template === 'tenure' || (template === 'age' && preview.columns.find((c) => c.name === chosen[0])?.kind === 'date');
  const dateValid = referenceDate === '' || /^\d{4}-\d{2}-\d{2}$/.test(referenceDate);
  const valid =
    name.trim() !== '' &&
    !preview.columns.some((c) => c.name === name.trim()) &&
    chosen.length > 0 &&
    (needs === null || chosen.length === needs) &&
    (!fromDate || dateValid);
  const firstValues = (column: string) => {
    const j = preview.columns.findIndex((c) => c.name === column);
    return preview.rows.slice(0, 5).map((row) => row[j]);
  };
  return (
    <section aria-label="Derive">
      {derive.length > 0 && (
        <ul className={styles.derivedList} aria-label="Derived features">
          {derive.map((d) => (
            <li key={d.name}>
              <strong>{d.name}</strong> = {d.template}({d.columns.join(', ')}){d.reference ? ` @ ${d.reference}` : ''}
              {d.referenceDate ? ` @ ${d.referenceDate}` : ''} — first values:{' '}
              {firstValues(d.name)
                .map((v) => (typeof v === 'number' ? formatValue(v) : 'blank'))
                .join(', ')}{' '}
              <button
                type="button"
                className="button button--link"
                onClick={() => onChange(derive.filter((x) => x.name !== d.name))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="form-grid">
        <label>
          Template
          <select
            value={template}
            onChange={(e) => {
              setTemplate(e.target.value as Derived['template']);
              setChosen([]);
            }}
          >
            {TEMPLATES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          New column name
          <input type="text" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        </label>
        {template === 'age' && !fromDate && (
          <label>
            Reference year
            <input type="text" value={reference} onChange={(e) => setReference(e.target.value)} />
          </label>
        )}
        {fromDate && (
          <label>
            Reference date (YYYY-MM-DD)
            <input
              type="text"
              value={referenceDate}
              placeholder="latest date in the column"
              aria-invalid={!dateValid}
              onChange={(e) => setReferenceDate(e.target.value.trim())}
            />
          </label>
        )}
      </div>
      <p className="muted small">
        {TEMPLATES.find((t) => t.value === template)?.hint}
        {needs ? ` — choose ${needs} column${needs === 1 ? '' : 's'}` : ''}
      </p>
      <fieldset className="feature-list" aria-label="Columns to combine">
        {candidates.map((c) => (
          <label key={c.name} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(c.name)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, c.name] : chosen.filter((x) => x !== c.name))}
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="button button--secondary"
        disabled={!valid}
        onClick={() => {
          const year = Number(reference);
          onChange([
            ...derive,
            {
              name: name.trim(),
              template,
              columns: chosen,
              reference: template === 'age' && !fromDate && Number.isInteger(year) ? year : undefined,
              referenceDate: fromDate && referenceDate ? referenceDate : undefined,
            },
          ]);
          setName('');
          setChosen([]);
        }}
      >
        Add the feature
      </button>
    </section>
  );
}

type Transactions = NonNullable<ImportOptions['transactions']>;

/**
 * Where a line's money is: an amount column when there is one; else quantity × unit price (never a
 * unit price summed on its own, which means nothing); else nothing, for the user to choose.
 */
function moneyColumns(columns: string[]): Pick<Transactions, 'amount' | 'quantity' | 'price'> {
  const amount = columns.find((c) => /amount|total|value|revenue|spend|sales/i.test(c));
  const quantity = columns.find((c) => /quantity|qty|units/i.test(c));
  const price = columns.find((c) => /price/i.test(c));
  if (amount) return { amount, quantity };
  if (quantity && price) return { quantity, price };
  // Unsure: the user chooses (the preview says a transaction log needs an amount, or quantity and price).
  return { quantity };
}

/** "One row per purchase": which columns are the customer, date and amount (and quantity, category). */
export function TransactionsChoice({
  columns,
  rows,
  value,
  onChange,
}: {
  columns: string[];
  /** The file's first rows (raw lines), in `columns` order: row filters suggest values from them. */
  rows: ImportPreview['rows'];
  value: Transactions | undefined;
  onChange: (value: Transactions | undefined) => void;
}) {
  const filter = value?.exclude?.[0];
  const setFilter = (column: string | undefined, values: string[]) =>
    value &&
    onChange({
      ...value,
      exclude: column && values.length > 0 ? [{ column, values }] : undefined,
    });
  const [filterColumn, setFilterColumn] = useState<string>(
    filter?.column ?? columns.find((c) => /stock|product|item|sku|code/i.test(c)) ?? '',
  );
  const [filterText, setFilterText] = useState(filter?.values.join(', ') ?? '');
  // Codes that are words, not product numbers (POST, M, BANK CHARGES), most frequent first.
  const suggestions = (() => {
    const j = columns.indexOf(filterColumn);
    if (j < 0) return [];
    const counts = new Map<string, number>();
    for (const row of rows) {
      const cell = row[j];
      if (typeof cell === 'string' && cell.trim() !== '' && !/\d/.test(cell)) {
        counts.set(cell.trim(), (counts.get(cell.trim()) ?? 0) + 1);
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
  })();
  const applyFilter = (column: string, text: string) =>
    setFilter(
      column || undefined,
      text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    );
  const guess = (...patterns: RegExp[]) =>
    patterns.map((p) => columns.find((c) => p.test(c))).find((c) => c !== undefined) ?? columns[0] ?? '';
  const select = (label: string, key: keyof Transactions, optional: boolean) => (
    <label>
      {label}
      <select
        value={(value?.[key] as string | undefined) ?? ''}
        onChange={(e) => value && onChange({ ...value, [key]: e.target.value || undefined })}
      >
        {optional && <option value="">(none)</option>}
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className={styles.transactions}>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value !== undefined}
          onChange={(e) =>
            onChange(
              e.target.checked
                ? {
                    customer: guess(/customer|client|member|account/i, /id$/i),
                    date: guess(/date|day|time/i),
                    invoice: columns.find((c) => /invoice|order|receipt|basket|transaction/i.test(c)),
                    ...moneyColumns(columns),
                  }
                : undefined,
            )
          }
        />
        This file is a transaction log (one row per purchase): make one row per customer with recency, frequency and
        monetary value (RFM)
      </label>
      {value && (
        <div className="form-grid">
          {select('Customer column', 'customer', false)}
          {select('Date column', 'date', false)}
          {select('Invoice column (frequency = distinct invoices)', 'invoice', true)}
          {select('Amount column', 'amount', true)}
          {select('Quantity column', 'quantity', true)}
          {select('Unit price column (amount = quantity × price)', 'price', true)}
          {select('Category column', 'category', true)}
          <label>
            Cancellations (returns)
            <select
              value={value.returns ?? 'exclude'}
              onChange={(e) => onChange({ ...value, returns: e.target.value === 'net' ? 'net' : undefined })}
            >
              <option value="exclude">Leave them out (counted)</option>
              <option value="net">Net them against purchases</option>
            </select>
          </label>
          <p className="muted small">
            Frequency counts {value.invoice ? 'distinct invoices' : 'distinct purchase days (no invoice column chosen)'}
            ; monetary is {value.price && value.quantity ? 'quantity × unit price' : 'the amount column'}. A
            cancellation is an invoice starting with C, or a negative quantity or amount.
          </p>
          <label>
            Leave out lines where
            <select
              value={filterColumn}
              onChange={(e) => {
                setFilterColumn(e.target.value);
                applyFilter(e.target.value, filterText);
              }}
            >
              <option value="">(no filter)</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label>
            is one of (comma-separated)
            <input
              type="text"
              value={filterText}
              placeholder="POST, M, BANK CHARGES"
              onChange={(e) => setFilterText(e.target.value)}
              onBlur={() => applyFilter(filterColumn, filterText)}
            />
          </label>
          {filterColumn && suggestions.length > 0 && (
            <p className="muted small">
              Words in <UserText>{filterColumn}</UserText> (postage, fees, adjustments are not purchases):{' '}
              {suggestions.map(([code, count]) => (
                <button
                  key={code}
                  type="button"
                  className="button button--link"
                  onClick={() => {
                    const next = [
                      ...filterText
                        .split(',')
                        .map((v) => v.trim())
                        .filter(Boolean),
                      code,
                    ];
                    const text = [...new Set(next)].join(', ');
                    setFilterText(text);
                    applyFilter(filterColumn, text);
                  }}
                >
                  + <UserText>{code}</UserText> ({count})
                </button>
              ))}
            </p>
          )}
          <label>
            Recency counted to (YYYY-MM-DD)
            <input
              type="text"
              placeholder="the day after the last purchase"
              defaultValue={value.reference ?? ''}
              onBlur={(e) =>
                onChange({
                  ...value,
                  reference: /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) ? e.target.value : undefined,
                })
              }
            />
          </label>
        </div>
      )}
    </fieldset>
  );
}
