import type { Transitions } from '../../../shared/segments/transitions';
import type { Db } from './db';

/** A model's last comparison of two snapshots, kept for its report. */
export interface StoredTransitions {
  result: Transitions;
  before: string;
  after: string;
  createdAt: string;
}

export function saveTransitions(db: Db, modelId: number, result: Transitions, before: string, after: string): void {
  db.prepare(
    `INSERT INTO model_transitions (model_id, result, before_file, after_file, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(model_id) DO UPDATE SET result = excluded.result, before_file = excluded.before_file,
       after_file = excluded.after_file, created_at = excluded.created_at`,
  ).run(modelId, JSON.stringify(result), before, after, new Date().toISOString());
}

export function latestTransitions(db: Db, modelId: number): StoredTransitions | null {
  const row = db
    .prepare('SELECT result, before_file, after_file, created_at FROM model_transitions WHERE model_id = ?')
    .get(modelId) as { result: string; before_file: string; after_file: string; created_at: string } | undefined;
  return row
    ? {
        result: JSON.parse(row.result) as Transitions,
        before: row.before_file,
        after: row.after_file,
        createdAt: row.created_at,
      }
    : null;
}
