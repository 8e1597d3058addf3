import { useEffect, useRef } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';

/** "Import CSV file…": a file picker, and files dropped anywhere on the window. */
export function ImportDataset({ onImported }: { onImported: (datasetId: number) => void }) {
  const { api } = useClient();
  const job = useJob();
  const input = useRef<HTMLInputElement>(null);

  const importFile = async (file: File) => {
    const content = await file.text();
    const dataset = await job.start((jobId) => api.importDataset({ jobId, fileName: file.name, content }));
    if (dataset) onImported(dataset.id);
  };
  const importRef = useRef(importFile);
  importRef.current = importFile;

  useEffect(() => {
    const over = (event: DragEvent) => event.preventDefault();
    const drop = (event: DragEvent) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void importRef.current(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return (
    <div className="import">
      <label className="button">
        Import CSV file…
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          className="visually-hidden"
          aria-label="Import CSV file"
          disabled={job.running}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </label>
      <JobProgress job={job} label="Importing" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
    </div>
  );
}
