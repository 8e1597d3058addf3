import { useEffect, useState } from 'react';
import { newJobId } from '../api/client';
import { useClient } from '../hooks/useClient';
import type { CallResult } from '../../../shared/api/contract';
import type { DatasetSummary, ModelSummary, SweepSummary } from '../../../shared/domain';
import type { ReportSettings } from '../../../shared/report/settings';

/** Customers drawn on the report's map: enough to show the shapes, few enough for a light vector PDF. */
export const REPORT_MAP_POINTS = 2000;

export interface ReportData {
  model: ModelSummary;
  settings: ReportSettings;
  dataset: DatasetSummary | null;
  sweep: SweepSummary | null;
  map: CallResult<'segmentMap'> | null;
  /** Who is worth what (the value column the app recognises), or null for a model without customers. */
  value: CallResult<'segmentValue'> | null;
  /** The model's last comparison of two snapshots, for "Segments over time", or null. */
  transitions: CallResult<'latestTransitions'>;
}

/** Everything the report and the slides show, loaded once; fonts are loaded first so charts measure text right. */
export function useReportData(modelId: number): { data: ReportData | null; error: Error | null } {
  const { api } = useClient();
  const [state, setState] = useState<{ data: ReportData | null; error: Error | null }>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    const load = async (): Promise<ReportData> => {
      const [model, settings] = await Promise.all([api.getModel({ modelId }), api.getReportSettings({ modelId })]);
      const [dataset, sweep, map, value, transitions] = await Promise.all([
        api.datasetSummary({ datasetId: model.datasetId }).catch(() => null),
        model.sweepId === null ? Promise.resolve(null) : api.getSweep({ sweepId: model.sweepId }).catch(() => null),
        model.hasCustomers
          ? api.segmentMap({ jobId: newJobId(), modelId, maxPoints: REPORT_MAP_POINTS })
          : Promise.resolve(null),
        model.hasCustomers ? api.segmentValue({ jobId: newJobId(), modelId }).catch(() => null) : Promise.resolve(null),
        api.latestTransitions({ modelId }).catch(() => null),
        Promise.all(['400', '600', '700'].map((w) => document.fonts.load(`${w} 16px Inter`))),
      ]);
      return { model, settings, dataset, sweep, map, value, transitions };
    };
    load().then(
      (data) => current && setState({ data, error: null }),
      (error: unknown) => current && setState({ data: null, error: error as Error }),
    );
    return () => {
      current = false;
    };
  }, [api, modelId]);
  return state;
}
