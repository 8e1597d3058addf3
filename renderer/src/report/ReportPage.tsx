import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { DatasetSummary, ModelSummary, SegmentSummary, SweepSummary } from '../../../shared/domain';
import {
  CAVEATS,
  dataQualityNotes,
  methodSentences,
  reportHighlights,
  shortTrait,
  strategyHeadline,
} from '../../../shared/report/summary';
import { REPORT_ERROR_ATTRIBUTE, REPORT_STATE_ATTRIBUTE } from '../../../shared/report/print';
import type { ReportOverrides, ReportSection, ReportSettings } from '../../../shared/report/settings';
import { segmentTraits } from '../../../shared/segments/traits';
import { columnLabel } from '../../../shared/segments/meanings';
import { strategyReasons } from '../../../shared/segments/naming';
import { Because } from '../components/SegmentCards';
import { ChartTrackerContext, type ChartTracker } from '../components/charts/PlotlyChart';
import { SegmentMapChart } from '../components/charts/SegmentMapChart';
import { SweepMetricChart } from '../components/charts/SweepCharts';
import { RichText } from '../components/RichText';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatShare } from '../format';
import { ProfileBars } from './ProfileBars';
import { useReportData, type ReportData } from './useReportData';
import { UserText } from '../components/UserText';
import { bidiControlNames, hasBidiControls } from '../../../shared/text/bidi';
import styles from './report.module.css';

/** Width of charts on the page, in CSS pixels: fits A4 and Letter between 14 mm margins. */
export const REPORT_CHART_WIDTH = 680;

const number = (v: number): string =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);

function Swatch({ colour }: { colour: string }) {
  return <span className={styles.reportSwatch} style={{ backgroundColor: colour }} aria-hidden="true" />;
}

function Section({
  id,
  title,
  children,
  className,
}: {
  id: string;
  title: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`${styles.reportPage} ${className ?? ''}`} aria-labelledby={`report-${id}`}>
      <h2 id={`report-${id}`} className={styles.reportHeading}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Cover({ data }: { data: ReportData }) {
  const { model, settings, dataset } = data;
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <section
      className={
        settings.logo
          ? `${styles.reportPage} ${styles.reportCover}`
          : `${styles.reportPage} ${styles.reportCover} ${styles.reportCoverNoLogo}`
      }
      aria-label="Cover"
    >
      <div className={styles.reportCoverBand} />
      {settings.logo && <img className={styles.reportCoverLogo} src={settings.logo} alt="Logo" />}
      <h1 className={styles.reportCoverTitle}>{settings.title}</h1>
      <p className={styles.reportCoverSubtitle}>
        {model.k} segments of {formatCount(model.customers)} customers
        {dataset ? (
          <>
            {' · dataset “'}
            <UserText>{dataset.name}</UserText>”
          </>
        ) : null}
      </p>
      <dl className={styles.reportCoverFacts}>
        <div>
          <dt>Customers</dt>
          <dd>{formatCount(model.customers)}</dd>
        </div>
        <div>
          <dt>Segments</dt>
          <dd>{model.k}</dd>
        </div>
        <div>
          <dt>Differences explained</dt>
          <dd>{formatShare(model.varianceExplained)}</dd>
        </div>
      </dl>
      <div className={styles.reportCoverMeta}>
        <p>
          Model: <UserText>{model.name}</UserText>
        </p>
        {settings.author && <p>Prepared by {settings.author}</p>}
        {settings.organisation && <p>{settings.organisation}</p>}
        <p>{today}</p>
      </div>
    </section>
  );
}

/** Who is worth what, in the executive summary: shares of customers and of value, outcome rates. */
export function ValueTable({
  model,
  value,
  heading = true,
}: {
  model: ModelSummary;
  value: ReportData['value'];
  /** False on a slide whose title says it already. */
  heading?: boolean;
}) {
  if (!value || (value.column === null && value.outcomes.length === 0)) return null;
  return (
    <>
      {heading && <h3>Who is worth what</h3>}
      <table className={styles.reportTable} aria-label="Segment value">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col" className="num">
              Customers
            </th>
            {value.column !== null && (
              <>
                <th scope="col" className="num">
                  Share of <UserText>{columnLabel(model.recipe, value.column)}</UserText>
                </th>
                <th scope="col" className="num">
                  Average
                </th>
              </>
            )}
            {value.outcomes.slice(0, 3).map((o) => (
              <th scope="col" className="num" key={o.column}>
                <UserText>{columnLabel(model.recipe, o.column)}</UserText>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {value.segments.map((s) => (
            <tr key={s.cluster}>
              <th scope="row">
                <Swatch colour={model.segments[s.cluster]?.colour ?? '#777777'} />
                <span>
                  <UserText>{model.segments[s.cluster]?.name ?? ''}</UserText>
                </span>
              </th>
              <td className="num">{formatShare(s.customerShare)}</td>
              {value.column !== null && (
                <>
                  <td className="num">{s.share === null ? '–' : formatShare(s.share)}</td>
                  <td className="num">{s.mean === null ? '–' : number(s.mean)}</td>
                </>
              )}
              {value.outcomes.slice(0, 3).map((o) => (
                <td className="num" key={o.column}>
                  {formatShare(o.rates[s.cluster])}
                  <span className="muted"> (all {formatShare(o.overallRate)})</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Summary({ model, value }: { model: ModelSummary; value: ReportData['value'] }) {
  const highlights = reportHighlights(model);
  return (
    <Section id="summary" title="Executive summary">
      <table className={`${styles.reportTable} ${styles.reportSummary}`}>
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col" className="num">
              Customers
            </th>
            <th scope="col">Key traits</th>
            <th scope="col">Strategy</th>
          </tr>
        </thead>
        <tbody>
          {model.segments.map((s) => (
            <tr key={s.cluster}>
              <th scope="row">
                <Swatch colour={s.colour} />
                <span>
                  <UserText>{s.name}</UserText>
                </span>
              </th>
              <td className="num">
                {formatCount(s.size)}
                <br />
                <span className="muted">{formatShare(s.share)}</span>
              </td>
              <td>
                {segmentTraits(model, s.cluster, 3).map((t) => (
                  <div key={t.feature}>{shortTrait(t)}</div>
                ))}
              </td>
              <td>
                {strategyHeadline(s.strategy)}
                <Because reasons={strategyReasons(model, s.cluster, s.strategy)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ValueTable model={model} value={value} />
      <h3>What stands out</h3>
      <ul className={styles.reportHighlights}>
        {highlights.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <p className={styles.reportNote}>
        SD = standard deviation: how far a segment&apos;s average is from the average customer, in units of the usual
        spread of that feature. ↑ above average, ↓ below.
      </p>
    </Section>
  );
}

function CategoryMix({ model, segment }: { model: ModelSummary; segment: SegmentSummary }) {
  if (model.categoricalFeatures.length === 0) return null;
  const total = model.segments.reduce((sum, s) => sum + s.size, 0);
  return (
    <>
      <h3>Categories</h3>
      <table className={styles.reportTable}>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Level</th>
            <th scope="col" className="num">
              This segment
            </th>
            <th scope="col" className="num">
              All customers
            </th>
          </tr>
        </thead>
        <tbody>
          {model.preprocessing.categorical.flatMap((step, f) =>
            step.levels.map((level, l) => {
              const overall =
                total > 0
                  ? model.segments.reduce((sum, s) => sum + s.size * (s.categoryShares[f]?.[l] ?? 0), 0) / total
                  : 0;
              return (
                <tr key={`${step.name}-${level}`}>
                  <td>{l === 0 ? <UserText>{columnLabel(model.recipe, step.name)}</UserText> : ''}</td>
                  <td>
                    <UserText>{level}</UserText>
                  </td>
                  <td className="num">{formatShare(segment.categoryShares[f]?.[l] ?? 0)}</td>
                  <td className="num muted">{formatShare(overall)}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </>
  );
}

function SegmentPage({ model, segment }: { model: ModelSummary; segment: SegmentSummary }) {
  const traits = segmentTraits(model, segment.cluster, 5);
  return (
    <section
      className={styles.reportPage}
      aria-labelledby={`report-segment-${segment.cluster}`}
      style={{ '--segment': segment.colour } as CSSProperties}
    >
      <header className={styles.reportSegmentHeader}>
        <Swatch colour={segment.colour} />
        <div>
          <h2 id={`report-segment-${segment.cluster}`} className={styles.reportHeading}>
            <UserText>{segment.name}</UserText>
          </h2>
          <p className={styles.reportSegmentSize}>
            {formatCount(segment.size)} customers · {formatShare(segment.share)} of all
          </p>
        </div>
      </header>
      {segment.description && <RichText className={styles.reportText} text={segment.description} />}
      <figure className={styles.reportFigure}>
        <ProfileBars model={model} segment={segment} width={REPORT_CHART_WIDTH} />
        <figcaption>
          Each bar is this segment&apos;s average of a feature, compared with the average customer (0).
        </figcaption>
      </figure>
      <h3>Key traits</h3>
      {traits.length === 0 ? (
        <p>This segment is close to the average customer on every feature.</p>
      ) : (
        <ul className={styles.reportTraits}>
          {traits.map((t) => (
            <li key={t.feature}>
              <UserText>{t.label}</UserText>
              {t.text.slice(t.label.length)}
            </li>
          ))}
        </ul>
      )}
      <CategoryMix model={model} segment={segment} />
      <h3>Strategy</h3>
      {segment.strategy.trim() ? (
        <>
          <RichText className={`${styles.reportText} ${styles.reportStrategy}`} text={segment.strategy} />
          <Because reasons={strategyReasons(model, segment.cluster, segment.strategy)} />
        </>
      ) : (
        <p className="muted">No strategy written yet.</p>
      )}
    </section>
  );
}

function MapSection({ data }: { data: ReportData }) {
  const { model, map } = data;
  return (
    <Section id="map" title="Segment map">
      {map ? (
        <figure className={styles.reportFigure}>
          <SegmentMapChart
            map={map}
            segments={model.segments}
            ids={map.ids}
            recipe={model.recipe}
            width={REPORT_CHART_WIDTH}
            height={560}
            staticPlot
          />
          <figcaption>
            Each dot is a customer, coloured by segment
            {map.rows.length < map.total
              ? ` (an even sample of ${formatCount(map.rows.length)} of ${formatCount(map.total)})`
              : ''}
            . The axes are the two directions along which customers differ most (principal components); customers close
            together are alike. Segments that overlap here may still be apart in the features the map cannot show.
          </figcaption>
        </figure>
      ) : (
        <p>This model was imported from a file and has no customers to draw.</p>
      )}
    </Section>
  );
}

function MethodSection({ model, sweep }: { model: ModelSummary; sweep: SweepSummary | null }) {
  return (
    <Section id="method" title="Method">
      {methodSentences(model, sweep).map((sentence) => (
        <p key={sentence} className={styles.reportText}>
          {sentence}
        </p>
      ))}
      {sweep && (
        <div className={styles.reportCharts}>
          {(['inertia', 'silhouette'] as const).map((metric) => (
            <figure key={metric} className={styles.reportFigure}>
              <SweepMetricChart
                metric={metric}
                width={Math.floor((REPORT_CHART_WIDTH - 12) / 2)}
                points={sweep.points}
                chosenK={model.k}
                recommendedK={sweep.recommendation.k}
                knee={sweep.recommendation.knee}
              />
            </figure>
          ))}
          <p className={styles.reportNote}>
            The circled point is the chosen k; the green point is the recommended one. Silhouette runs from −1 to 1:
            above 0.25 means real structure
            {sweep.silhouetteSampled < sweep.rows
              ? ` (computed on a sample of ${formatCount(sweep.silhouetteSampled)})`
              : ''}
            .
          </p>
        </div>
      )}
      <h3>Keep in mind</h3>
      <ul>
        {CAVEATS.map((caveat) => (
          <li key={caveat}>{caveat}</li>
        ))}
      </ul>
    </Section>
  );
}

function Appendix({
  model,
  sweep,
  dataset,
}: {
  model: ModelSummary;
  sweep: SweepSummary | null;
  dataset: DatasetSummary | null;
}) {
  return (
    <Section id="appendix" title="Appendix">
      {sweep && (
        <>
          <h3>Measures for each k</h3>
          <table className={styles.reportTable}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  k
                </th>
                <th scope="col" className="num">
                  Within-segment spread
                </th>
                <th scope="col" className="num">
                  Silhouette
                </th>
                <th scope="col" className="num">
                  Calinski–Harabasz
                </th>
                <th scope="col" className="num">
                  Davies–Bouldin
                </th>
                <th scope="col" className="num">
                  Stability
                </th>
              </tr>
            </thead>
            <tbody>
              {sweep.points.map((p) => (
                <tr key={p.k} className={p.k === model.k ? styles.reportRowChosen : undefined}>
                  <td className="num">{p.k}</td>
                  <td className="num">{number(p.inertia)}</td>
                  <td className="num">{p.silhouette.toFixed(3)}</td>
                  <td className="num">{number(p.calinskiHarabasz)}</td>
                  <td className="num">{p.daviesBouldin.toFixed(3)}</td>
                  <td className="num">{p.stability.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Data quality</h3>
      <ul>
        {dataQualityNotes(model, dataset).map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <BidiControlsNote model={model} datasetName={dataset?.name ?? ''} />
      <h3>Segment centres</h3>
      <p className={styles.reportNote}>
        Each segment&apos;s average of each numeric feature, in the data&apos;s own units.
      </p>
      <table className={`${styles.reportTable} ${styles.reportCentroids}`}>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            {model.segments.map((s) => (
              <th scope="col" key={s.cluster} className="num">
                <Swatch colour={s.colour} />
                <UserText>{s.name}</UserText>
              </th>
            ))}
            <th scope="col" className="num">
              All
            </th>
          </tr>
        </thead>
        <tbody>
          {model.numericFeatures.map((feature, j) => (
            <tr key={feature}>
              <th scope="row">
                <UserText>{columnLabel(model.recipe, feature)}</UserText>
              </th>
              {model.segments.map((s) => (
                <td key={s.cluster} className="num">
                  {number(s.means[j])}
                </td>
              ))}
              <td className="num muted">{number(model.overallMeans[j])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.reportNote}>
        Quality of the final model: silhouette {model.silhouette.toFixed(3)}, Calinski–Harabasz{' '}
        {number(model.calinskiHarabasz)}, Davies–Bouldin {model.daviesBouldin.toFixed(3)}, within-segment spread{' '}
        {number(model.inertia)}. Made with Segment Studio.
      </p>
    </Section>
  );
}

/** Segments over time: the last two snapshots compared (sizes, the largest flows, drift). */
function TransitionsSection({ data }: { data: ReportData }) {
  const stored = data.transitions;
  return (
    <Section id="transitions" title="Segments over time">
      {!stored ? (
        <p>No snapshots have been compared with this model yet (Compare snapshots, or segment-studio transitions).</p>
      ) : (
        <>
          <p>
            <UserText>{stored.before}</UserText> compared with <UserText>{stored.after}</UserText>:{' '}
            {formatCount(stored.result.matched)} customers are in both, and {formatCount(stored.result.stayed)} (
            {stored.result.matched > 0 ? formatShare(stored.result.stayed / stored.result.matched) : '–'}) kept their
            segment; {formatShare(stored.result.farFromCentroids)} of the later customers are far from every
            segment&apos;s centre.
          </p>
          <table className={styles.reportTable} aria-label="Segment sizes over time">
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" className="num">
                  Earlier
                </th>
                <th scope="col" className="num">
                  Later
                </th>
              </tr>
            </thead>
            <tbody>
              {stored.result.segments.map((s) => (
                <tr key={s.cluster}>
                  <th scope="row">
                    <Swatch colour={data.model.segments[s.cluster]?.colour ?? '#777777'} />
                    <span>
                      <UserText>{s.name}</UserText>
                    </span>
                  </th>
                  <td className="num">{formatCount(s.before)}</td>
                  <td className="num">{formatCount(s.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>The largest moves</h3>
          <ul>
            {stored.result.transitions
              .filter((t) => t.from !== t.to)
              .sort((a, b) => b.count - a.count)
              .slice(0, 6)
              .map((t) => (
                <li key={`${t.from}-${t.to}`}>
                  <UserText>{t.fromName}</UserText> → <UserText>{t.toName}</UserText>: {formatCount(t.count)}
                </li>
              ))}
          </ul>
          <h3>Drift</h3>
          <ul>
            {stored.result.drift.map((d) => (
              <li key={d.feature}>
                {d.verdict} (PSI {d.psi.toFixed(2)})
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

/** The report's content for given settings: the printed PDF and the on-screen preview are this component. */
export function ReportDocument({ data, sections }: { data: ReportData; sections: readonly ReportSection[] }) {
  const on = (section: ReportSection) => sections.includes(section);
  const { model, settings } = data;
  return (
    <div
      className={`${styles.report} ${settings.paper === 'a4' ? styles.reportA4 : styles.reportLetter}`}
      style={{ '--brand': settings.brandColour } as CSSProperties}
    >
      {on('cover') && <Cover data={data} />}
      {on('summary') && <Summary model={model} value={data.value} />}
      {on('segments') && model.segments.map((s) => <SegmentPage key={s.cluster} model={model} segment={s} />)}
      {on('map') && <MapSection data={data} />}
      {on('transitions') && <TransitionsSection data={data} />}
      {on('method') && <MethodSection model={model} sweep={data.sweep} />}
      {on('appendix') && <Appendix model={model} sweep={data.sweep} dataset={data.dataset} />}
      {sections.length === 0 && <p className={styles.reportPage}>Every section is switched off.</p>}
    </div>
  );
}

/**
 * `#report/ID`: the report alone, ready to print. It marks the root element ready once every chart
 * is drawn (the PDF printers wait for that), or failed with the reason.
 */
export function ReportPage({
  modelId,
  overrides,
  onClose,
  onDownload,
}: {
  modelId: number;
  overrides: ReportOverrides;
  onClose?: () => void;
  onDownload?: () => Promise<void>;
}) {
  const { data, error } = useReportData(modelId);
  const tracker = useRef<ChartTracker>({ pending: 0, drawn: 0, failed: null }).current;
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<Error | null>(null);
  const settings: ReportSettings | null = data
    ? {
        ...data.settings,
        paper: overrides.paper ?? data.settings.paper,
        sections: overrides.sections ?? data.settings.sections,
      }
    : null;
  const content = useMemo(
    () => (data && settings ? { ...data, settings } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, settings?.paper, settings?.sections.join(',')],
  );

  useEffect(() => {
    const root = document.documentElement;
    if (error) {
      root.setAttribute(REPORT_ERROR_ATTRIBUTE, error.message);
      root.setAttribute(REPORT_STATE_ATTRIBUTE, 'error');
      return;
    }
    if (!content) return;
    document.title = `${content.settings.title} — ${content.dataset?.name ?? content.model.name}`;
    let cancelled = false;
    const check = () => {
      if (cancelled) return;
      if (tracker.failed) {
        root.setAttribute(REPORT_ERROR_ATTRIBUTE, tracker.failed);
        root.setAttribute(REPORT_STATE_ATTRIBUTE, 'error');
      } else if (tracker.pending === 0) {
        void document.fonts.ready.then(() => {
          if (!cancelled) root.setAttribute(REPORT_STATE_ATTRIBUTE, 'ready');
        });
      } else {
        setTimeout(check, 50);
      }
    };
    requestAnimationFrame(() => setTimeout(check, 0));
    return () => {
      cancelled = true;
      root.removeAttribute(REPORT_STATE_ATTRIBUTE);
      root.removeAttribute(REPORT_ERROR_ATTRIBUTE);
    };
  }, [content, error, tracker]);

  const download = async () => {
    if (!onDownload) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      await onDownload();
    } catch (e) {
      setDownloadError(e as Error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div className={styles.reportView}>
      <div className={styles.reportToolbar} role="toolbar" aria-label="Report">
        {onClose && (
          <button type="button" className="button button--link" onClick={onClose}>
            ← Back to the segments
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={() => window.print()} disabled={!content}>
          Print…
        </button>
        {onDownload && (
          <button type="button" className="button" onClick={() => void download()} disabled={!content || downloading}>
            {downloading ? 'Making the PDF…' : 'Download PDF'}
          </button>
        )}
        <ErrorMessage error={downloadError} onDismiss={() => setDownloadError(null)} />
      </div>
      {error && <ErrorMessage error={error} />}
      {!content && !error && <p className={`muted ${styles.reportLoading}`}>Preparing the report…</p>}
      {content && (
        <ChartTrackerContext.Provider value={tracker}>
          <ReportDocument data={content} sections={content.settings.sections} />
        </ChartTrackerContext.Provider>
      )}
    </div>
  );
}

/**
 * Names that hold characters which reverse or re-embed the text shown (right-to-left overrides and
 * the like): listed, with each character named, since the report shows them as visible marks.
 */
function BidiControlsNote({ model, datasetName }: { model: ModelSummary; datasetName: string }) {
  const texts: [string, string][] = [
    ['dataset', datasetName],
    ['model', model.name],
    ...model.features.map((f): [string, string] => ['feature', f]),
    ...model.segments.flatMap((s): [string, string][] => [
      ['segment', s.name],
      ['strategy of', s.strategy],
      ['description of', s.description],
    ]),
  ];
  const found = texts.filter(([, text]) => hasBidiControls(text));
  if (found.length === 0) return null;
  return (
    <>
      <h3>Text direction characters</h3>
      <p className={styles.reportNote}>
        These texts hold invisible characters that change the direction text is shown in (a name can be made to read
        backwards with them). They are shown here, and everywhere in this report, as visible marks such as [RLO].
      </p>
      <ul>
        {found.map(([what, text], i) => (
          <li key={i}>
            {what} “<UserText>{text.length > 80 ? `${text.slice(0, 80)}…` : text}</UserText>”:{' '}
            {bidiControlNames(text).join(', ')}
          </li>
        ))}
      </ul>
    </>
  );
}
