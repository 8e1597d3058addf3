import { defaultReportSettings, reportSettingsSchema, type ReportSettings } from '../../../shared/report/settings';
import { AppError } from '../../../shared/errors';
import type { Db } from './db';

function requireModel(db: Db, modelId: number): void {
  if (!db.prepare('SELECT 1 FROM models WHERE id = ?').get(modelId)) {
    throw new AppError('MODEL_NOT_FOUND', `There is no model ${modelId}.`);
  }
}

/** A model's report settings as saved, or the defaults; a stored value that no longer parses is reset. */
export function getReportSettings(db: Db, modelId: number): ReportSettings {
  requireModel(db, modelId);
  const row = db.prepare('SELECT settings FROM report_settings WHERE model_id = ?').get(modelId) as
    { settings: string } | undefined;
  if (!row) return defaultReportSettings();
  try {
    const parsed = reportSettingsSchema.safeParse(JSON.parse(row.settings));
    return parsed.success ? parsed.data : defaultReportSettings();
  } catch {
    return defaultReportSettings();
  }
}

export function saveReportSettings(db: Db, modelId: number, settings: ReportSettings): ReportSettings {
  requireModel(db, modelId);
  const valid = reportSettingsSchema.parse(settings);
  db.prepare(
    `INSERT INTO report_settings (model_id, settings, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(model_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
  ).run(modelId, JSON.stringify(valid), new Date().toISOString());
  return valid;
}
