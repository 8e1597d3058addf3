import { useState } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { FileButton } from './FileButton';
import { fileToBase64 } from '../fileBytes';
import { downloadText } from '../download';
import type { ModelSummary } from '../../../shared/domain';
import { TABLE_ACCEPT } from '../../../shared/files';
import { neededColumns } from '../../../shared/import/replay';
import { UserText } from './UserText';
import { ScoringSql } from './ScoringSql';

/** Put a file of new customers into the saved segments, and take the model away as JSON. */
export function AssignFile({ model }: { model: ModelSummary }) {
  const { api, mode } = useClient();
  const job = useJob();
  const [result, setResult] = useState<{ rows: number; sizes: number[]; leftOut: number } | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);
  const [chooseError, setChooseError] = useState<Error | null>(null);

  // The raw file's columns the model reads (through its recipe), or its features when it has none.
  const sources = model.recipe
    ? [...neededColumns(model.recipe, model.features)].filter((name) =>
        model.recipe?.columns.some((c) => c.name === name && c.role !== 'derived'),
      )
    : [];
  const steps = model.recipe?.steps.length ?? 0;
  /** A file chosen in the page (its bytes sent) or with the system dialog (a token: read from disk). */
  const assign = async (file: File | { fileName: string; fileToken: string }) => {
    const source =
      file instanceof File
        ? { fileName: file.name, contentBase64: await fileToBase64(file) }
        : { fileName: file.fileName, fileToken: file.fileToken };
    const assigned = await job.start((jobId) => api.assignFile({ jobId, modelId: model.id, ...source }));
    if (assigned) {
      setResult(assigned);
      downloadText(assigned.fileName, assigned.csv, 'text/csv;charset=utf-8');
    }
  };
  const chooseAndAssign = async () => {
    setChooseError(null);
    try {
      const opened = await api.chooseImportFile({});
      if (opened) await assign(opened);
    } catch (error) {
      setChooseError(error as Error);
    }
  };
  const exportModel = async () => {
    setExportError(null);
    try {
      const { fileName, json } = await api.exportModel({ modelId: model.id });
      downloadText(fileName, json, 'application/json');
    } catch (error) {
      setExportError(error as Error);
    }
  };

  return (
    <section aria-labelledby="assign-heading" className="card">
      <h3 id="assign-heading">Use the segments</h3>
      <p className="muted small">
        {sources.length > 0 ? (
          <>
            A raw file of new customers (CSV or Excel) like <UserText>{model.recipe?.source.fileName ?? ''}</UserText>,
            with the columns {sources.join(', ')}, gets each customer&apos;s segment: read as the training file was,
            {steps > 0
              ? ` the import's ${steps} cleaning and derived-column steps replayed with the values learned in training,`
              : ''}{' '}
            then the same blanks filling, scaling and encoding as this model.
          </>
        ) : (
          <>
            A file of new customers (CSV or Excel) with the columns {model.features.join(', ')} gets each
            customer&apos;s segment, with the same blanks filling, scaling and encoding as this model.
          </>
        )}
      </p>
      <div className="form-row">
        {mode === 'desktop' ? (
          // The system's own "Open" dialog: the file is then read from disk by the worker, whatever its size.
          <button type="button" className="button" disabled={job.running} onClick={() => void chooseAndAssign()}>
            Assign a file of new customers…
          </button>
        ) : (
          <FileButton
            label="Assign a file of new customers"
            accept={TABLE_ACCEPT}
            disabled={job.running}
            onFile={(file) => void assign(file)}
          />
        )}
        <button type="button" className="button button--secondary" onClick={() => void exportModel()}>
          Export model (JSON)
        </button>
      </div>
      <JobProgress job={job} label="Assigning" onCancel={job.cancel} />
      <ErrorMessage
        error={job.error ?? exportError}
        onDismiss={() => (job.error ? job.clearError() : setExportError(null))}
      />
      <ErrorMessage error={chooseError} onDismiss={() => setChooseError(null)} />
      <ScoringSql model={model} />
      {result && (
        <p role="status">
          {result.leftOut > 0
            ? `${(result.rows - result.leftOut).toLocaleString()} of ${result.rows.toLocaleString()}`
            : result.rows.toLocaleString()}{' '}
          customers assigned:{' '}
          {result.sizes.map((size, c) => `${model.segments[c]?.name ?? c + 1} ${size.toLocaleString()}`).join(' · ')}.
          {result.leftOut > 0 &&
            ` ${result.leftOut.toLocaleString()} got no segment: the recipe leaves out rows with a blank in a column set to "drop" (the file's note column says which).`}
        </p>
      )}
    </section>
  );
}
