import { useEffect, useRef, useState } from 'react';
import { Modal } from './Modal';
import { suggestLabel, suggestMeaning, type Meaning } from '../../../shared/segments/meanings';
import { ColumnMeaningFields, MeaningNote, type MeaningChoice } from './ColumnMeaning';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { DELIMITERS, type ImportOptions } from '../../../shared/import/options';
import { TEXT_ENCODINGS } from '../../../shared/import/encodings';
import type { ImportPreview } from '../../../shared/worker/messages';
import type { ColumnKind } from '../../../shared/domain';
import { formatCount, formatMegabytes, KIND_LABELS } from '../format';
import { CleanStep, DeriveStep, TransactionsChoice } from './WizardSteps';
import { RowsTable } from './RowsTable';
import { UserText } from './UserText';
import { accountText } from '../../../shared/import/account';
import { hasErrorCode } from '../../../shared/errorCodes';
import styles from './ImportWizard.module.css';

const STEPS = ['Preview', 'Columns', 'Clean', 'Derive', 'Review and import'] as const;
const SEPARATORS = DELIMITERS.map((d) => ({
  value: d.char,
  label: `${d.name[0].toUpperCase()}${d.name.slice(1)}${d.char === '\t' ? '' : ` ${d.char}`}`,
}));
const KINDS: { value: ColumnKind | 'ignore'; label: string }[] = [
  ...(Object.entries(KIND_LABELS) as [ColumnKind, string][]).map(([value, label]) => ({ value, label })),
  { value: 'ignore', label: 'Leave out' },
];

export interface ChosenFile {
  fileName: string;
  /** The file's bytes (chosen or dropped in the page)… */
  contentBase64?: string;
  /** …or a token for a file the desktop shell opened, which the main process reads (any size). */
  fileToken?: string;
  /** A big text file's first part, which the preview reads instead of the whole file. */
  preview?: { base64: string; totalBytes: number } | null;
}

/**
 * The import wizard: how the file is read (separator, encoding, decimal mark, header — detected,
 * editable, previewed live), what each column is (with the evidence), then a name and the import,
 * which runs in the worker with progress and cancel and lands whole or not at all. Back and forth
 * keeps every choice.
 */
export function ImportWizard({
  file,
  onClose,
  onImported,
}: {
  file: ChosenFile;
  onClose: () => void;
  onImported: (datasetId: number) => void;
}) {
  const { api } = useClient();
  const [step, setStep] = useState(0);
  const [options, setOptions] = useState<ImportOptions>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // An Excel workbook's sheets, kept from the last good preview so another sheet can be chosen.
  const [sheets, setSheets] = useState<string[] | null>(null);
  // The file's own columns, kept while it is read as a transaction log (which replaces them).
  const [rawColumns, setRawColumns] = useState<string[] | null>(null);
  // The file's first rows as read before any transaction log is made of them (row filters pick from them).
  const [rawRows, setRawRows] = useState<ImportPreview['rows'] | null>(null);
  const [name, setName] = useState(file.fileName.replace(/\.[^.]+$/, ''));
  // Labels and meanings chosen on the Columns step: kept apart from the options (they change no preview).
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [meanings, setMeanings] = useState<Record<string, MeaningChoice>>({});
  const previewJob = useJob();
  const importJob = useJob();
  const { start } = previewJob;

  // Only the newest preview counts: an older one that lands later (a busy machine) never replaces it.
  const latestPreview = useRef(0);
  useEffect(() => {
    const request = ++latestPreview.current;
    void start((jobId) =>
      api.previewImport({
        jobId,
        fileName: file.fileName,
        ...(file.fileToken
          ? { fileToken: file.fileToken }
          : { contentBase64: file.preview?.base64 ?? file.contentBase64, totalBytes: file.preview?.totalBytes }),
        options,
      }),
    ).then((result) => {
      if (request !== latestPreview.current) return;
      // On an error the last good preview stays, so the choice that caused it can be undone.
      if (result) setPreview(result);
      if (result?.sheets) setSheets(result.sheets);
      if (result && !options.transactions) {
        setRawColumns(result.columns.map((c) => c.name));
        setRawRows(result.rows);
      }
    });
  }, [api, file, options, start]);

  const set = (patch: Partial<ImportOptions>) => setOptions((o) => ({ ...o, ...patch }));
  const setKind = (column: string, kind: ColumnKind | 'ignore') =>
    setOptions((o) => ({ ...o, kinds: { ...(o.kinds ?? {}), [column]: kind } }));
  const ready = preview !== null && !previewJob.running && !previewJob.error;
  const dateColumn = preview?.columns.find((c) => c.kind === 'date' && !c.derived);
  const raggedError = hasErrorCode(previewJob.error, 'CSV_RAGGED');
  const kept = preview?.columns.filter((c) => !c.ignored) ?? [];
  const roleOf = (column: { derived?: boolean }) =>
    column.derived ? 'derived' : options.transactions ? 'aggregated' : 'file';

  const runImport = async () => {
    const dataset = await importJob.start((jobId) =>
      api.importDataset({
        jobId,
        fileName: file.fileName,
        ...(file.fileToken ? { fileToken: file.fileToken } : { contentBase64: file.contentBase64 }),
        name: name.trim() || undefined,
        options: {
          ...options,
          ...(Object.keys(labels).length > 0 ? { labels } : {}),
          ...(Object.keys(meanings).length > 0 ? { meanings } : {}),
        },
      }),
    );
    if (dataset) onImported(dataset.id);
  };

  return (
    <Modal labelledBy="wizard-title" onClose={onClose} canClose={!importJob.running} wide>
      <div>
        <h2 id="wizard-title">Import {file.fileName}</h2>
        <ol className={styles.stepper} aria-label="Steps">
          {STEPS.map((label, i) => (
            <li key={label} className={i === step ? styles.stepperStepCurrent : undefined}>
              <span aria-current={i === step ? 'step' : undefined}>
                {i + 1}. {label}
              </span>
            </li>
          ))}
        </ol>

        {step === 0 && (
          <section aria-label="Preview">
            <div className="form-grid">
              {sheets && (
                <label>
                  Sheet
                  <select
                    value={options.sheet ?? preview?.sheet ?? sheets[0]}
                    onChange={(e) => set({ sheet: e.target.value })}
                  >
                    {sheets.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {!sheets && (
                <>
                  <label>
                    Separator
                    <select
                      value={options.delimiter ?? ''}
                      onChange={(e) => set({ delimiter: (e.target.value || undefined) as ImportOptions['delimiter'] })}
                    >
                      <option value="">Detected{preview ? ` (${preview.delimiter})` : ''}</option>
                      {SEPARATORS.map((s) => (
                        <option key={s.value} value={s.value}>
                          {s.label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Encoding
                    <select
                      value={options.encoding ?? ''}
                      onChange={(e) => set({ encoding: (e.target.value || undefined) as ImportOptions['encoding'] })}
                    >
                      <option value="">Detected{preview?.encoding ? ` (${preview.encoding})` : ''}</option>
                      {TEXT_ENCODINGS.map((enc) => (
                        <option key={enc.name} value={enc.name}>
                          {`${enc.name} (${enc.language})`}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Decimal mark
                    <select
                      value={options.decimal ?? ''}
                      onChange={(e) => set({ decimal: (e.target.value || undefined) as ImportOptions['decimal'] })}
                    >
                      <option value="">
                        Detected{preview ? ` (${preview.decimal === ',' ? 'comma' : 'point'})` : ''}
                      </option>
                      <option value=".">Point 1234.56</option>
                      <option value=",">Comma 1234,56</option>
                    </select>
                  </label>
                </>
              )}
              {(dateColumn || options.dateOrder) && (
                <label>
                  Date order
                  <select
                    value={options.dateOrder ?? ''}
                    onChange={(e) => set({ dateOrder: (e.target.value || undefined) as ImportOptions['dateOrder'] })}
                  >
                    <option value="">Detected</option>
                    <option value="dmy">Day/month/year 31/12/2024</option>
                    <option value="mdy">Month/day/year 12/31/2024</option>
                    <option value="ymd">Year-month-day 2024-12-31</option>
                  </select>
                </label>
              )}
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={options.header ?? true}
                  onChange={(e) => set({ header: e.target.checked })}
                />
                The first row holds the column names
              </label>
              {options.header !== false && (
                <label>
                  Header row
                  <input
                    type="number"
                    min={1}
                    max={1000}
                    placeholder="Detected"
                    value={options.headerRow ?? ''}
                    onChange={(e) => set({ headerRow: e.target.value === '' ? undefined : Number(e.target.value) })}
                  />
                </label>
              )}
              {!sheets && (
                <label
                  className="checkbox"
                  title="For a file whose quotes mean inches or speech, not fields: every quote is kept as a character and every line is a row"
                >
                  <input
                    type="checkbox"
                    checked={options.quotes === 'literal'}
                    onChange={(e) => set({ quotes: e.target.checked ? 'literal' : undefined })}
                  />
                  Read quotes as ordinary characters
                </label>
              )}
            </div>
            {dateColumn && (
              <p className="muted small">
                Dates in “{dateColumn.name}”: {dateColumn.note}
              </p>
            )}
            <JobProgress job={previewJob} label="Reading" onCancel={previewJob.cancel} />
            <ErrorMessage error={previewJob.error} />
            {(raggedError || options.skipRagged) && (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={options.skipRagged ?? false}
                  onChange={(e) => set({ skipRagged: e.target.checked || undefined })}
                />
                Skip rows with the wrong number of fields
              </label>
            )}
            {preview && !previewJob.error && (
              <>
                <p className="muted small">
                  {preview.estimated
                    ? options.transactions
                      ? `${formatCount(preview.rowCount)} customers in the first ${formatMegabytes(
                          preview.estimated.readBytes,
                        )} of ${formatMegabytes(preview.estimated.totalBytes)} (the import reads every line; the whole log has at least as many)`
                      : `About ${formatCount(preview.rowCount)} customers (estimated from the first ${formatMegabytes(
                          preview.estimated.readBytes,
                        )} of ${formatMegabytes(preview.estimated.totalBytes)}; the import reads every row)`
                    : `${formatCount(preview.rowCount)} customers`}
                  , {preview.columns.length} columns
                  {preview.skipped > 0
                    ? ` (${formatCount(preview.skipped)} ${preview.skipped === 1 ? 'row' : 'rows'} with the wrong number of fields skipped)`
                    : ''}
                  . The first {preview.rows.length} rows as they will be read:
                </p>
                {preview.account && (preview.account.skipped.length > 0 || preview.account.notes.length > 0) && (
                  <p className="muted small" aria-label="Rows accounted for">
                    {accountText(preview.account)}
                  </p>
                )}
                <div className={`table-scroll ${styles.tableScrollShort}`}>
                  <RowsTable label="File preview" columns={preview.columns.map((c) => c.name)} rows={preview.rows} />
                </div>
              </>
            )}
          </section>
        )}

        {step === 1 && preview && (
          <section aria-label="Columns">
            <p className="muted small">
              What each column holds, as read from its values. Change a kind if it is wrong, or leave a column out.
            </p>
            <TransactionsChoice
              columns={rawColumns ?? preview.columns.map((c) => c.name)}
              rows={rawRows ?? []}
              value={options.transactions}
              onChange={(transactions) => setOptions((o) => ({ ...o, transactions }))}
            />
            <ErrorMessage error={previewJob.error} />
            <div className={`table-scroll ${styles.tableScrollShort}`}>
              <table aria-label="Columns to import">
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="num">
                      Blank
                    </th>
                    <th scope="col">Why</th>
                    <th scope="col">Label</th>
                    <th scope="col">Means</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.columns.map((c) => (
                    <tr key={c.name}>
                      <th scope="row">
                        <UserText>{c.name}</UserText>
                      </th>
                      <td>
                        <select
                          aria-label={`Kind of ${c.name}`}
                          value={c.ignored ? 'ignore' : c.kind}
                          onChange={(e) => setKind(c.name, e.target.value as ColumnKind | 'ignore')}
                        >
                          {KINDS.map((k) => (
                            <option key={k.value} value={k.value}>
                              {k.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="num">{formatCount(c.missing)}</td>
                      <td className="small why-cell">
                        {c.note}
                        {c.code && !c.ignored && (
                          <span className={styles.warningText}>
                            {' '}
                            — {c.code}{' '}
                            <button
                              type="button"
                              className="button button--link"
                              onClick={() => setKind(c.name, 'categorical')}
                            >
                              Make <UserText>{c.name}</UserText> a category
                            </button>
                          </span>
                        )}
                        {c.kind === 'identifier' && !c.ignored && (
                          <span className={c.duplicates > 0 ? styles.warningText : 'muted'}>
                            {c.duplicates > 0
                              ? ` — ${formatCount(c.duplicates)} repeated values: the same customer may appear twice`
                              : ' — no repeated values'}
                          </span>
                        )}
                      </td>
                      <ColumnMeaningFields
                        column={c.name}
                        numeric={c.kind === 'numeric' && !c.ignored}
                        label={labels[c.name] ?? suggestLabel(c.name, roleOf(c))}
                        meaning={
                          meanings[c.name] === undefined
                            ? suggestMeaning(c.name, roleOf(c))
                            : meanings[c.name] === 'none'
                              ? null
                              : (meanings[c.name] as Meaning)
                        }
                        onChange={(change) => {
                          setLabels((l) => ({ ...l, [c.name]: change.label }));
                          setMeanings((m) => ({ ...m, [c.name]: change.meaning }));
                        }}
                      />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <MeaningNote />
          </section>
        )}

        {step === 2 && preview && (
          <>
            <CleanStep
              preview={preview}
              transactions={options.transactions !== undefined}
              derived={(options.derive ?? []).map((d) => d.name)}
              clean={options.clean ?? {}}
              onChange={(column, choice) =>
                setOptions((o) => ({ ...o, clean: { ...(o.clean ?? {}), [column]: choice } }))
              }
            />
            <ErrorMessage error={previewJob.error} />
          </>
        )}

        {step === 3 && preview && (
          <>
            <DeriveStep
              preview={preview}
              derive={options.derive ?? []}
              onChange={(derive) => setOptions((o) => ({ ...o, derive }))}
            />
            <ErrorMessage error={previewJob.error} />
          </>
        )}

        {step === 4 && preview && (
          <section aria-label="Review and import">
            <label className={styles.formField}>
              Dataset name
              <input
                className="field"
                type="text"
                value={name}
                maxLength={120}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <p>
              {preview.estimated ? (options.transactions ? 'At least ' : 'About ') : ''}
              {formatCount(preview.rowCount)} customers with {kept.length} columns will be stored
              {preview.columns.length > kept.length
                ? ` (${preview.columns.length - kept.length} left out: ${preview.columns
                    .filter((c) => c.ignored)
                    .map((c) => c.name)
                    .join(', ')})`
                : ''}
              : {kept.filter((c) => c.kind === 'numeric').length} numeric,{' '}
              {kept.filter((c) => c.kind === 'categorical').length} categories,{' '}
              {kept.filter((c) => c.kind === 'identifier').length} identifier,{' '}
              {kept.filter((c) => c.kind === 'date').length} date, {kept.filter((c) => c.kind === 'text').length} free
              text
              {kept.some((c) => c.derived) ? ` (${kept.filter((c) => c.derived).length} derived)` : ''}.
              {preview.dropped > 0 ? ` ${formatCount(preview.dropped)} rows with blanks are dropped.` : ''} The import
              lands whole or not at all.
            </p>
            {options.transactions && preview.account && (
              <p className="muted small" aria-label="Transaction lines accounted for">
                {accountText(preview.account)}
              </p>
            )}
            <JobProgress job={importJob} label="Importing" onCancel={importJob.cancel} />
            <ErrorMessage error={importJob.error} onDismiss={importJob.clearError} />
            {hasErrorCode(importJob.error, 'CSV_MALFORMED') && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  importJob.clearError();
                  set({ quotes: 'literal' });
                }}
              >
                Read quotes as ordinary characters
              </button>
            )}
          </section>
        )}

        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={importJob.running}>
            Cancel
          </button>
          {step > 0 && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setStep(step - 1)}
              disabled={importJob.running}
            >
              Back
            </button>
          )}
          {step < STEPS.length - 1 ? (
            <button type="button" className="button" onClick={() => setStep(step + 1)} disabled={!ready}>
              Next
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => void runImport()}
              disabled={!ready || importJob.running}
            >
              Import
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}
