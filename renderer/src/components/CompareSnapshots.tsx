import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import { useClient } from '../hooks/useClient';
import { useJob } from '../hooks/useJob';
import { ErrorMessage } from './ErrorMessage';
import { JobProgress } from './JobProgress';
import { FileButton } from './FileButton';
import { PlotlyChart } from './charts/PlotlyChart';
import { plain } from './charts/plotlyText';
import { UserText } from './UserText';
import { fileToBase64 } from '../fileBytes';
import type { ModelSummary } from '../../../shared/domain';
import type { Transitions } from '../../../shared/segments/transitions';
import { PSI_SHIFTED, PSI_STABLE } from '../../../shared/segments/transitions';
import { TABLE_ACCEPT } from '../../../shared/files';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A #rrggbb colour at 40% opacity. */
const translucent = (hex: string): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, 0.4)`;
};

/**
 * Segments over time: this model applied to an earlier and a later export of the customers,
 * compared by customer id — who stayed, who moved where, who is new or gone (a Sankey of the
 * flows and the counts), each segment's size before and after, and the drift of each feature.
 */
export function CompareSnapshots({ model }: { model: ModelSummary }) {
  const { api } = useClient();
  const job = useJob();
  const [before, setBefore] = useState<File | null>(null);
  const [after, setAfter] = useState<File | null>(null);
  const [result, setResult] = useState<Transitions | null>(null);
  const compare = async () => {
    if (!before || !after) return;
    const [a, b] = await Promise.all([fileToBase64(before), fileToBase64(after)]);
    const out = await job.start((jobId) =>
      api.transitions({
        jobId,
        modelId: model.id,
        before: { fileName: before.name, contentBase64: a },
        after: { fileName: after.name, contentBase64: b },
      }),
    );
    if (out) setResult(out);
  };
  const sankey = useMemo<{ data: Data[]; layout: Partial<Layout> } | null>(() => {
    if (!result) return null;
    const k = model.segments.length;
    // Nodes: the segments before (0…k−1) and "new"; the segments after (k+1…2k) and "gone".
    const labels = [
      ...model.segments.map((s) => plain(s.name)),
      'new',
      ...model.segments.map((s) => plain(s.name)),
      'gone',
    ];
    const colours = [
      ...model.segments.map((s) => s.colour),
      '#bbbbbb',
      ...model.segments.map((s) => s.colour),
      '#bbbbbb',
    ];
    const links = result.transitions.filter((t) => !(t.from === null && t.to === null));
    return {
      data: [
        {
          type: 'sankey',
          arrangement: 'fixed',
          node: { label: labels, color: colours, pad: 12, thickness: 14 },
          link: {
            source: links.map((t) => (t.from === null ? k : t.from)),
            target: links.map((t) => (t.to === null ? 2 * k + 1 : k + 1 + t.to)),
            value: links.map((t) => t.count),
            // Each flow in its earlier segment's colour, see-through (new customers in grey).
            color: links.map((t) => translucent(t.from === null ? '#bbbbbb' : model.segments[t.from].colour)),
          },
        } as unknown as Data,
      ],
      layout: { margin: { l: 8, r: 8, t: 8, b: 8 }, paper_bgcolor: 'rgba(0,0,0,0)' },
    };
  }, [result, model.segments]);

  return (
    <section aria-labelledby="snapshots-heading" className="card">
      <h3 id="snapshots-heading">Compare snapshots</h3>
      <p className="muted small">
        Two exports of the customers (raw files like the training one), an earlier and a later: who kept their segment,
        who moved, who is new or gone, and whether the customers have drifted from what this model knows.
      </p>
      <div className="form-row">
        <FileButton label="Earlier snapshot" accept={TABLE_ACCEPT} onFile={setBefore} disabled={job.running} />
        <span className="muted small">{before ? before.name : 'none chosen'}</span>
        <FileButton label="Later snapshot" accept={TABLE_ACCEPT} onFile={setAfter} disabled={job.running} />
        <span className="muted small">{after ? after.name : 'none chosen'}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={!before || !after || job.running}
          onClick={() => void compare()}
        >
          Compare
        </button>
      </div>
      <JobProgress job={job} label="Comparing the snapshots" onCancel={job.cancel} />
      <ErrorMessage error={job.error} onDismiss={job.clearError} />
      {result && (
        <>
          <p role="status">
            {result.matched.toLocaleString()} customers are in both snapshots: {result.stayed.toLocaleString()} (
            {result.matched > 0 ? percent(result.stayed / result.matched) : '–'}) kept their segment.{' '}
            {percent(result.farFromCentroids)} of the later customers are far from every segment&apos;s centre.
          </p>
          {sankey && (
            <PlotlyChart data={sankey.data} layout={sankey.layout} height={320} label="Flows between segments" />
          )}
          <div className="table-scroll">
            <table aria-label="Segment sizes over time">
              <thead>
                <tr>
                  <th scope="col">Segment</th>
                  <th scope="col" className="num">
                    Earlier
                  </th>
                  <th scope="col" className="num">
                    Later
                  </th>
                  <th scope="col" className="num">
                    Change
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.segments.map((s) => (
                  <tr key={s.cluster}>
                    <th scope="row">
                      <UserText>{s.name}</UserText>
                    </th>
                    <td className="num">{s.before.toLocaleString()}</td>
                    <td className="num">{s.after.toLocaleString()}</td>
                    <td className="num">{(s.after - s.before).toLocaleString('en', { signDisplay: 'exceptZero' })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-scroll">
            <table aria-label="Drift of each feature">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col" className="num">
                    PSI
                  </th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {result.drift.map((d) => (
                  <tr key={d.feature}>
                    <th scope="row">
                      <UserText>{d.feature}</UserText>
                    </th>
                    <td className="num">{d.psi.toFixed(3)}</td>
                    <td className={d.psi >= PSI_SHIFTED ? 'warning' : undefined}>{d.verdict}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            PSI (population stability index) compares the later customers with the earlier ones in the earlier
            ones&apos; deciles: below {PSI_STABLE} stable, {PSI_STABLE}–{PSI_SHIFTED} a little shift, above{' '}
            {PSI_SHIFTED} shifted.
          </p>
        </>
      )}
    </section>
  );
}
