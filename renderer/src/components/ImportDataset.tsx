import { useEffect, useRef, useState } from 'react';
import { ImportWizard, type ChosenFile } from './ImportWizard';
import { useClient } from '../hooks/useClient';
import { FileButton } from './FileButton';
import { fileToBase64 } from '../fileBytes';
import { isModelFile } from '../openedFiles';

/** "Import CSV file…": a file picker, and files dropped anywhere on the window; both open the wizard. */
export function ImportDataset({ onImported }: { onImported: (datasetId: number) => void }) {
  const { onEvent } = useClient();

  // Every way in (button, drop, the desktop's File menu) opens the import wizard on the file.
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const importBase64 = async (fileName: string, contentBase64: string) => {
    setChosen({ fileName, contentBase64 });
    return Promise.resolve();
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
      <FileButton
        label="Import CSV file"
        accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={chosen !== null}
        onFile={(file) => void importFile(file)}
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
