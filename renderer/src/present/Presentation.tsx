import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ModelSummary, SegmentSummary } from '../../../shared/domain';
import { reportHighlights, shortTrait, strategyHeadline } from '../../../shared/report/summary';
import { segmentTraits } from '../../../shared/segments/traits';
import { SegmentMapChart } from '../components/charts/SegmentMapChart';
import { ErrorMessage } from '../components/ErrorMessage';
import { RichText } from '../components/RichText';
import { formatCount, formatShare } from '../format';
import { ProfileBars } from '../report/ProfileBars';
import { ValueTable } from '../report/ReportPage';
import { useReportData, type ReportData } from '../report/useReportData';
import { UserText } from '../components/UserText';
import styles from '../report/report.module.css';

interface Slide {
  title: string;
  render: (size: { width: number; height: number }) => ReactNode;
}

function SegmentSlide({ model, segment, width }: { model: ModelSummary; segment: SegmentSummary; width: number }) {
  return (
    <div className={styles.slideColumns}>
      <div>
        <p className={styles.slideKicker}>
          {formatCount(segment.size)} customers · {formatShare(segment.share)}
        </p>
        {segment.description && <RichText text={segment.description} />}
        <ul className={styles.slideList}>
          {segmentTraits(model, segment.cluster, 3).map((t) => (
            <li key={t.feature}>{shortTrait(t)}</li>
          ))}
        </ul>
        {segment.strategy.trim() && (
          <p className={styles.slideStrategy}>
            <strong>Strategy: </strong>
            {strategyHeadline(segment.strategy, 200)}
          </p>
        )}
      </div>
      <ProfileBars model={model} segment={segment} width={Math.round(width * 0.42)} fontSize={15} />
    </div>
  );
}

function slidesFor(data: ReportData): Slide[] {
  const { model, settings, dataset, map, value } = data;
  const slides: Slide[] = [
    {
      title: settings.title,
      render: () => (
        <div>
          <p className={styles.slideKicker}>
            {model.k} segments of {formatCount(model.customers)} customers
            {dataset ? (
              <>
                {' · '}
                <UserText>{dataset.name}</UserText>
              </>
            ) : null}
          </p>
          <ul className={styles.slideList}>
            {reportHighlights(model).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {(settings.author || settings.organisation) && (
            <p className={styles.slideMeta}>{[settings.author, settings.organisation].filter(Boolean).join(' · ')}</p>
          )}
        </div>
      ),
    },
    ...model.segments.map((segment): Slide => ({
      title: segment.name,
      render: ({ width }) => <SegmentSlide model={model} segment={segment} width={width} />,
    })),
  ];
  if (value && (value.column !== null || value.outcomes.length > 0)) {
    slides.push({
      title: 'Who is worth what',
      render: () => (
        <div className={styles.slideTable}>
          <ValueTable model={model} value={value} heading={false} />
        </div>
      ),
    });
  }
  if (map) {
    slides.push({
      title: 'The segment map',
      render: ({ width, height }) => (
        <SegmentMapChart
          map={map}
          segments={model.segments}
          ids={map.ids}
          recipe={model.recipe}
          width={Math.round(width * 0.8)}
          height={Math.round(height * 0.68)}
          staticPlot
        />
      ),
    });
  }
  slides.push({
    title: 'Next steps',
    render: () => (
      <ul className={`${styles.slideList} ${styles.slideSteps}`}>
        {model.segments.map((s) => (
          <li key={s.cluster}>
            <span className={styles.reportSwatch} style={{ backgroundColor: s.colour }} aria-hidden="true" />
            <strong>
              <UserText>{s.name}</UserText>
            </strong>
            : {strategyHeadline(s.strategy, 160) || 'strategy to be decided'}
          </li>
        ))}
      </ul>
    ),
  });
  return slides;
}

function useWindowSize() {
  const [size, setSize] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const update = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return size;
}

/**
 * Full-screen slides for a meeting: title, one per segment, the map, next steps. Arrows, space,
 * Page Up/Down, Home/End and clicks move; Esc (or leaving full screen) ends the presentation.
 */
export function Presentation({ modelId, onExit }: { modelId: number; onExit: () => void }) {
  const { data, error } = useReportData(modelId);
  const [index, setIndex] = useState(0);
  const size = useWindowSize();
  const root = useRef<HTMLDivElement>(null);
  const slides = data ? slidesFor(data) : [];
  const count = slides.length;
  const go = useCallback((next: number) => setIndex(() => Math.max(0, Math.min(count - 1, next))), [count]);

  useEffect(() => {
    root.current?.focus();
    const element = document.documentElement;
    let entered = false;
    element.requestFullscreen?.().then(
      () => {
        entered = true;
      },
      () => {},
    );
    const onChange = () => {
      if (entered && !document.fullscreenElement) onExit();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [onExit]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      switch (event.key) {
        case 'ArrowRight':
        case 'ArrowDown':
        case 'PageDown':
        case ' ':
        case 'Enter':
          event.preventDefault();
          setIndex((i) => Math.min(count - 1, i + 1));
          break;
        case 'ArrowLeft':
        case 'ArrowUp':
        case 'PageUp':
        case 'Backspace':
          event.preventDefault();
          setIndex((i) => Math.max(0, i - 1));
          break;
        case 'Home':
          event.preventDefault();
          setIndex(0);
          break;
        case 'End':
          event.preventDefault();
          setIndex(count - 1);
          break;
        case 'Escape':
          event.preventDefault();
          onExit();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, onExit]);

  const slide = slides[Math.min(index, count - 1)];
  return (
    <div
      ref={root}
      className={styles.presentation}
      role="region"
      aria-roledescription="slide deck"
      aria-label="Presentation"
      tabIndex={-1}
      style={{ '--brand': data?.settings.brandColour ?? '#1f5fbf' } as React.CSSProperties}
    >
      {error && <ErrorMessage error={error} />}
      {!data && !error && <p className={styles.slideLoading}>Preparing the slides…</p>}
      {slide && (
        <div
          className={styles.slide}
          role="group"
          aria-roledescription="slide"
          aria-label={`Slide ${index + 1} of ${count}: ${slide.title}`}
          onClick={(event) => {
            // A click on the left fifth goes back, anywhere else forward.
            go(event.clientX < size.width / 5 ? index - 1 : index + 1);
          }}
        >
          <h1 className={styles.slideTitle}>{slide.title}</h1>
          <div className={styles.slideBody}>{slide.render(size)}</div>
        </div>
      )}
      <nav className={styles.presentationControls} aria-label="Slides">
        <button type="button" onClick={() => go(index - 1)} disabled={index === 0} aria-label="Previous slide">
          ←
        </button>
        <span aria-live="polite">{count > 0 ? `${index + 1} / ${count}` : ''}</span>
        <button type="button" onClick={() => go(index + 1)} disabled={index >= count - 1} aria-label="Next slide">
          →
        </button>
        <button type="button" onClick={onExit} aria-label="End the presentation">
          Esc
        </button>
      </nav>
    </div>
  );
}
