import { useState } from 'react';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from './ErrorMessage';
import { FileButton } from './FileButton';

/** "Import model…": a model file exported by another copy of the app, ready to assign customers. */
export function ImportModel({ onImported }: { onImported: (modelId: number) => void }) {
  const { api } = useClient();
  const [error, setError] = useState<Error | null>(null);
  const importFile = async (file: File) => {
    setError(null);
    try {
      const model = await api.importModel({ fileName: file.name, json: await file.text() });
      onImported(model.id);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <div className="import">
      <FileButton label="Import model" accept=".json,application/json" onFile={(file) => void importFile(file)} />
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
