import { useCallback, useEffect, useState } from 'react';
import { ImportWizard, type ChosenFile } from './ImportWizard';
import { useClient } from '../hooks/useClient';
import { FileButton } from './FileButton';
import { fileToBase64, previewPrefix } from '../fileBytes';
import { ErrorMessage } from './ErrorMessage';
import { formatMegabytes } from '../format';
import { MAX_IMPORT_CHARACTERS } from '../../../shared/api/limits';
import { isModelFile } from '../../../shared/files';
import { TABLE_ACCEPT } from '../../../shared/files';

/** "Import CSV file…": a file picker, and files dropped anywhere on the window; both open the wizard. */
export function ImportDataset({ onImported }: { onImported: (datasetId: number) => void }) {
  const { api, onEvent, mode } = useClient();

  // Every way in (button, drop, the desktop's File menu) opens the import wizard on the file.
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [openError, setOpenError] = useState<Error | null>(null);
  const openFile = useCallback(async (file: File) => {
    setOpenError(null);
    // The app hands files to the worker whole (up to 256 MB); the command line streams any size.
    if (file.size > MAX_IMPORT_CHARACTERS) {
      setOpenError(
        new Error(
          `${file.name} is ${formatMegabytes(file.size)}: the app imports files up to 256 MB. ` +
            `Import it with the command line, which reads files of any size: segment-studio import "${file.name}"`,
        ),
      );
      return;
    }
    setChosen({
      fileName: file.name,
      contentBase64: await fileToBase64(file),
      preview: await previewPrefix(file),
    });
  }, []);

  const chooseFile = async () => {
    setOpenError(null);
    try {
      const opened = await api.chooseImportFile({});
      if (opened) setChosen({ fileName: opened.fileName, fileToken: opened.fileToken });
    } catch (error) {
      setOpenError(error as Error);
    }
  };

  // Customer tables opened through the desktop shell (File › Import…, recent files, "Open with").
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'open-file' && !isModelFile(event.fileName)) {
          setChosen({ fileName: event.fileName, fileToken: event.fileToken, contentBase64: event.contentBase64 });
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
      {mode === 'desktop' ? (
        // The system's own "Open" dialog: the file is then read from disk, whatever its size.
        <button type="button" className="button" disabled={chosen !== null} onClick={() => void chooseFile()}>
          Import CSV file…
        </button>
      ) : (
        <FileButton
          label="Import CSV file"
          accept={TABLE_ACCEPT}
          disabled={chosen !== null}
          onFile={(file) => void openFile(file)}
        />
      )}
      <ErrorMessage error={openError} onDismiss={() => setOpenError(null)} />
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
