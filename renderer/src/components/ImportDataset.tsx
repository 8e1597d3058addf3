import { useEffect, useRef } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { FileButton } from './FileButton';
import { fileToBase64 } from '../fileBytes';

/** "Import CSV file…": a file picker, and files dropped anywhere on the window. */
export function ImportDataset({ onImported }: { onImported: (datasetId: number) => void }) {
  const { api } = useClient();
  const job = useJob();

  const importFile = async (file: File) => {
    const contentBase64 = await fileToBase64(file);
    const dataset = await job.start((jobId) => api.importDataset({ jobId, fileName: file.name, contentBase64 }));
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
      <FileButton label="Import CSV file" disabled={job.running} onFile={(file) => void importFile(file)} />
      <JobProgress job={job} label="Importing" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
    </div>
  );
}
