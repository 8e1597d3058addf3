/** A button that opens the file picker; the chosen file goes to `onFile` (the same file can be chosen again). */
export function FileButton({
  label,
  disabled,
  onFile,
  accept = '.csv,.tsv,.txt,text/csv',
}: {
  label: string;
  disabled?: boolean;
  onFile: (file: File) => void;
  accept?: string;
}) {
  return (
    <label className="button">
      {label}…
      <input
        type="file"
        accept={accept}
        className="visually-hidden"
        aria-label={label}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
