import { useEffect, useRef, useState } from 'react';
import { useClient } from '../hooks/useClient';
import { ErrorMessage } from '../components/ErrorMessage';
import { FileButton } from '../components/FileButton';
import { fileToBase64 } from '../fileBytes';
import {
  MAX_LOGO_CHARACTERS,
  REPORT_SECTIONS,
  SECTION_TITLES,
  type ReportSettings,
} from '../../../shared/report/settings';
import type { ModelSummary } from '../../../shared/domain';
import styles from './report.module.css';

const SAVE_DELAY_MS = 400;

/** The report's cover, brand, paper and sections, saved with the model as they are edited. */
export function ReportSettingsPanel({
  model,
  onOpenReport,
  onDownload,
}: {
  model: ModelSummary;
  onOpenReport: () => void;
  onDownload: () => Promise<void>;
}) {
  const { api } = useClient();
  const [settings, setSettings] = useState<ReportSettings | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [status, setStatus] = useState<'saved' | 'saving'>('saved');
  const [downloading, setDownloading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<ReportSettings | null>(null);

  useEffect(() => {
    let current = true;
    api.getReportSettings({ modelId: model.id }).then(
      (s) => current && setSettings(s),
      (e: unknown) => current && setError(e as Error),
    );
    return () => {
      current = false;
    };
  }, [api, model.id]);

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (!next) return Promise.resolve();
    return api.saveReportSettings({ modelId: model.id, settings: next }).then(
      () => setStatus('saved'),
      (e: unknown) => setError(e as Error),
    );
  };
  useEffect(() => () => void flush(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const change = (patch: Partial<ReportSettings>) => {
    if (!settings) return;
    const next = { ...settings, ...patch };
    setSettings(next);
    pending.current = next;
    setStatus('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  const chooseLogo = async (file: File) => {
    setError(null);
    if (file.type !== 'image/png' && file.type !== 'image/jpeg') {
      setError(new Error(`${file.name} is not a PNG or JPEG image.`));
      return;
    }
    const url = `data:${file.type};base64,${await fileToBase64(file)}`;
    if (url.length > MAX_LOGO_CHARACTERS) {
      setError(new Error(`${file.name} is larger than 1 MB: choose a smaller logo.`));
      return;
    }
    change({ logo: url });
  };

  const withSaved = (action: () => void | Promise<void>) => async () => {
    await flush();
    await action();
  };

  if (!settings) return <ErrorMessage error={error} />;
  return (
    <section aria-labelledby="report-heading">
      <div className="section-header">
        <h3 id="report-heading">Report and presentation</h3>
        <span className="muted small" aria-live="polite">
          {status === 'saving' ? 'Saving…' : 'Saved'}
        </span>
      </div>
      <div className="form-grid">
        <label>
          Title
          <input
            type="text"
            value={settings.title}
            maxLength={200}
            onChange={(e) => change({ title: e.target.value })}
          />
        </label>
        <label>
          Author
          <input
            type="text"
            value={settings.author}
            maxLength={120}
            onChange={(e) => change({ author: e.target.value })}
          />
        </label>
        <label>
          Organisation
          <input
            type="text"
            value={settings.organisation}
            maxLength={120}
            onChange={(e) => change({ organisation: e.target.value })}
          />
        </label>
        <label>
          Brand colour
          <input type="color" value={settings.brandColour} onChange={(e) => change({ brandColour: e.target.value })} />
        </label>
        <label>
          Paper
          <select value={settings.paper} onChange={(e) => change({ paper: e.target.value as ReportSettings['paper'] })}>
            <option value="a4">A4</option>
            <option value="letter">Letter</option>
          </select>
        </label>
        <div className={styles.reportSettingsLogo}>
          <span>Logo</span>
          {settings.logo && <img src={settings.logo} alt="Current logo" className={styles.reportSettingsLogoPreview} />}
          <FileButton
            label={settings.logo ? 'Change logo' : 'Choose logo'}
            accept="image/png,image/jpeg"
            onFile={(f) => void chooseLogo(f)}
          />
          {settings.logo && (
            <button type="button" className="button button--link" onClick={() => change({ logo: null })}>
              Remove logo
            </button>
          )}
        </div>
      </div>
      <fieldset className={styles.reportSettingsSections}>
        <legend>Sections</legend>
        {REPORT_SECTIONS.map((section) => (
          <label key={section} className="checkbox">
            <input
              type="checkbox"
              checked={settings.sections.includes(section)}
              onChange={(e) =>
                change({
                  sections: REPORT_SECTIONS.filter((s) =>
                    s === section ? e.target.checked : settings.sections.includes(s),
                  ),
                })
              }
            />
            {SECTION_TITLES[section]}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={() => void withSaved(onOpenReport)()}>
          Open the report
        </button>
        <button
          type="button"
          className="button"
          disabled={downloading}
          onClick={() =>
            void withSaved(async () => {
              setDownloading(true);
              try {
                await onDownload();
              } catch (e) {
                setError(e as Error);
              } finally {
                setDownloading(false);
              }
            })()
          }
        >
          {downloading ? 'Making the PDF…' : 'Export PDF report'}
        </button>
      </div>
    </section>
  );
}
