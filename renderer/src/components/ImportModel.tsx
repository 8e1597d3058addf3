import { useEffect, useRef, useState } from 'react';
import { isModelFile } from '../../../shared/files';
import { base64ToBytes } from '../fileBytes';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from './ErrorMessage';
import { FileButton } from './FileButton';
import { MODEL_ACCEPT } from '../../../shared/files';

/** "Import model…": a model file exported by another copy of the app, ready to assign customers. */
export function ImportModel({ onImported }: { onImported: (modelId: number) => void }) {
  const { api, onEvent } = useClient();
  const [error, setError] = useState<Error | null>(null);
  const importJson = async (fileName: string, json: string) => {
    setError(null);
    try {
      const model = await api.importModel({ fileName, json });
      onImported(model.id);
    } catch (e) {
      setError(e as Error);
    }
  };
  const importFile = async (file: File) => importJson(file.name, await file.text());
  const importRef = useRef(importJson);
  useEffect(() => {
    importRef.current = importJson;
  });

  // Model files dropped on the window or opened through the desktop shell.
  useEffect(() => {
    const drop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (file && isModelFile(file.name)) void file.text().then((json) => importRef.current(file.name, json));
    };
    window.addEventListener('drop', drop);
    const unsubscribe = onEvent((event) => {
      if (event.type === 'open-file' && isModelFile(event.fileName) && event.contentBase64 !== undefined) {
        void importRef.current(event.fileName, new TextDecoder().decode(base64ToBytes(event.contentBase64)));
      }
    });
    return () => {
      window.removeEventListener('drop', drop);
      unsubscribe();
    };
  }, [onEvent]);
  return (
    <div className="import">
      <FileButton label="Import model" accept={MODEL_ACCEPT} onFile={(file) => void importFile(file)} />
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
