import { useEffect, useRef } from 'react';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { JobProgress } from './JobProgress';
import { ErrorMessage } from './ErrorMessage';
import { FileButton } from './FileButton';
import { fileToBase64 } from '../fileBytes';
import { isModelFile } from '../openedFiles';

/** "Import CSV file…": a file picker, and files dropped anywhere on the window. */
export function ImportDataset({ onImported }: { onImported: (datasetId: number) => void }) {
  const { api, onEvent } = useClient();
  const job = useJob();

  const importBase64 = async (fileName: string, contentBase64: string) => {
    const dataset = await job.start((jobId) => api.importDataset({ jobId, fileName, contentBase64 }));
    if (dataset) onImported(dataset.id);
  };
  const importFile = async (file: File) => importBase64(file.name, await fileToBase64(file));
  const importRef = useRef(importFile);
  const importBase64Ref = useRef(importBase64);
  useEffect(() => {
    importRef.current = importFile;
    importBase64Ref.current = importBase64;
  });

  // Customer tables opened through the desktop shell (File › Import…, recent files, "Open with").
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'open-file' && !isModelFile(event.fileName)) {
          void importBase64Ref.current(event.fileName, event.contentBase64);
        }
      }),
    [onEvent],
  );

  useEffect(() => {
    const over = (event: DragEvent) => event.preventDefault();
    const drop = (event: DragEvent) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file && !isModelFile(file.name)) void importRef.current(file);
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
