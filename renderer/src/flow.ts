/**
 * The order of the work, from a file to a report: six steps, each an address (`#dataset/ID/explore`,
 * `#model/ID/share`) so a reload, back and forward keep the place.
 */
export const STEPS = [
  {
    id: 'data',
    label: 'Data',
    hint: 'Check how each column was read, what it is called and what it means; fix a type here. Next: explore the data.',
  },
  {
    id: 'explore',
    label: 'Explore',
    hint: "Look at each column's spread and the warnings; fix skewed or duplicated columns in one click. Next: choose the features.",
  },
  {
    id: 'features',
    label: 'Features',
    hint: 'Tick the columns that describe your customers; the defaults leave out identifiers, codes and near-duplicates. Next: how many segments.',
  },
  {
    id: 'k',
    label: 'How many segments',
    hint: 'Compare 2 to 10 segments on the charts, pick a number and train. Next: the segments.',
  },
  {
    id: 'segments',
    label: 'Segments',
    hint: 'Name the segments, read what sets them apart and their strategies, try a customer on the map. Next: report and share.',
  },
  {
    id: 'share',
    label: 'Report & share',
    hint: 'Export the customers with their segment, open the report or the slides, assign a new file, or score in your warehouse.',
  },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export type DatasetStep = Extract<StepId, 'data' | 'explore' | 'features' | 'k'>;
export type ModelStep = Extract<StepId, 'segments' | 'share'>;

export const DATASET_STEPS: readonly DatasetStep[] = ['data', 'explore', 'features', 'k'];
export const isDatasetStep = (step: string): step is DatasetStep => (DATASET_STEPS as readonly string[]).includes(step);

/** The section of a page that holds a step (its element id). */
export const stepSectionId = (step: StepId) => `step-${step}`;

let stopAnchor: (() => void) | null = null;

/**
 * Scroll a step's section into view (the top of the page for the first step of a page) and keep it
 * there while the sections above it are still being drawn (charts, summaries computed after a
 * reload) — for up to 5 s, or until the user scrolls or types.
 */
export function scrollToStep(step: StepId): void {
  stopAnchor?.();
  const place = () => {
    if (step === 'data' || step === 'segments') {
      window.scrollTo({ top: 0 });
      return;
    }
    document.getElementById(stepSectionId(step))?.scrollIntoView({ block: 'start' });
  };
  place();
  if (step === 'data' || step === 'segments' || typeof ResizeObserver === 'undefined') return;
  const observer = new ResizeObserver(place);
  observer.observe(document.body);
  const stop = () => {
    observer.disconnect();
    window.clearTimeout(timer);
    for (const type of ['wheel', 'keydown', 'touchstart', 'mousedown'] as const) window.removeEventListener(type, stop);
    if (stopAnchor === stop) stopAnchor = null;
  };
  const timer = window.setTimeout(stop, 5000);
  for (const type of ['wheel', 'keydown', 'touchstart', 'mousedown'] as const) {
    window.addEventListener(type, stop, { passive: true });
  }
  stopAnchor = stop;
}
