import { AppError } from '../../../shared/errors';
import type { SweepSummary } from '../../../shared/domain';
import type { SweepJobOutput } from '../../../shared/worker/messages';
import type { Db } from './db';

interface SweepRow {
  id: number;
  dataset_id: number;
  settings: string;
  rows: number;
  silhouette_sampled: number;
  points: string;
  recommended_k: number;
  recommendation: string;
  created_at: string;
}

export type SweepSettings = Pick<
  SweepSummary,
  'features' | 'scaling' | 'logFeatures' | 'kMin' | 'kMax' | 'nInit' | 'seed'
>;

export function insertSweep(db: Db, datasetId: number, settings: SweepSettings, output: SweepJobOutput): SweepSummary {
  const info = db
    .prepare(
      `INSERT INTO sweeps (dataset_id, settings, rows, silhouette_sampled, points, recommended_k, recommendation, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      datasetId,
      JSON.stringify(settings),
      output.rows,
      output.silhouetteSampled,
      JSON.stringify(output.points),
      output.recommendation.k,
      JSON.stringify(output.recommendation),
      new Date().toISOString(),
    );
  return getSweep(db, Number(info.lastInsertRowid));
}

export function getSweep(db: Db, sweepId: number): SweepSummary {
  const row = db.prepare('SELECT * FROM sweeps WHERE id = ?').get(sweepId) as SweepRow | undefined;
  if (!row) throw new AppError('SWEEP_NOT_FOUND', `There is no k sweep ${sweepId}.`);
  const settings = JSON.parse(row.settings) as SweepSettings;
  return {
    id: row.id,
    datasetId: row.dataset_id,
    ...settings,
    rows: row.rows,
    silhouetteSampled: row.silhouette_sampled,
    points: JSON.parse(row.points) as SweepSummary['points'],
    recommendation: withAdvice(JSON.parse(row.recommendation) as SweepSummary['recommendation']),
    createdAt: row.created_at,
  };
}

export function latestSweep(db: Db, datasetId: number): SweepSummary | null {
  const row = db.prepare('SELECT id FROM sweeps WHERE dataset_id = ? ORDER BY id DESC LIMIT 1').get(datasetId) as
    { id: number } | undefined;
  return row ? getSweep(db, row.id) : null;
}

/** A sweep stored before recommendations gave advice in plain words: its reason stands in for it. */
function withAdvice(recommendation: SweepSummary['recommendation']): SweepSummary['recommendation'] {
  return { ...recommendation, advice: recommendation.advice ?? recommendation.reason };
}
