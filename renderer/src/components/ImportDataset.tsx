import { useCallback, useEffect, useState } from 'react';
import { ImportWizard, type ChosenFile } from './ImportWizard';
import { useClient } from '../hooks/useClient';
import { FileButton } from './FileButton';
import { fileToBase64, previewPrefix } from '../fileBytes';
import { isModelFile } from '../openedFiles';

/** "Import CSV file…": a file picker, and files dropped anywhere on the window; both open the wizard. */
export function ImportDataset({ onImported }: { onImported: (datasetId: number) => void }) {
  const { onEvent } = useClient();

  // Every way in (button, drop, the desktop's File menu) opens the import wizard on the file.
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const openFile = useCallback(
    async (file: File) =>
      setChosen({
        fileName: file.name,
        contentBase64: await fileToBase64(file),
        preview: await previewPrefix(file),
      }),
    [],
  );

  // Customer tables opened through the desktop shell (File › Import…, recent files, "Open with").
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'open-file' && !isModelFile(event.fileName)) {
          setChosen({ fileName: event.fileName, contentBase64: event.contentBase64 });
        }
      }),
    [onEvent],
  );

  useEffect(() => {
    const over = (event: DragEvent) => event.preventDefault();
    const drop = (event: DragEvent) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file && !isModelFile(file.name)) void openFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);

  return (
    <div className="import">
      <FileButton
        label="Import CSV file"
        accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={chosen !== null}
        onFile={(file) => void openFile(file)}
      />
      {chosen && (
        <ImportWizard
          file={chosen}
          onClose={() => setChosen(null)}
          onImported={(datasetId) => {
            setChosen(null);
            onImported(datasetId);
          }}
        />
      )}
    </div>
  );
}
