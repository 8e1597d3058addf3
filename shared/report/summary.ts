/** The words of the report: plain sentences computed from a model, shared by the report and the slides. */
import type { DatasetSummary, ModelSummary, SegmentSummary, SweepSummary } from '../domain';
import { separationWords } from '../ml/recommend';
import { segmentTraits, type Trait } from '../segments/traits';
import { UNKNOWN_LEVEL } from '../ml/preprocess';
import { isolated } from '../text/bidi';
import { accountText } from '../import/account';
import { stepSentence } from '../import/recipe';
import { neededColumns } from '../import/replay';
import { columnLabel, type MeaningSource } from '../segments/meanings';

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** How clearly the segments separate, in words (kept with the k recommendation, which says it too). */
export { separationWords } from '../ml/recommend';

/** A column for the method section: its label, with the name in the file when they differ. */
export function labelAndName(recipe: MeaningSource | null | undefined, name: string): string {
  const label = columnLabel(recipe, name);
  const same = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, ' ');
  return same(label) === same(name) ? isolated(label) : `${isolated(label)} (${isolated(name)})`;
}

/** A short trait for a table cell: "Income ↑ 1.4 SD" (the column's friendly label). */
export function shortTrait(trait: Trait): string {
  return `${isolated(trait.label)} ${trait.z >= 0 ? '↑' : '↓'} ${Math.abs(trait.z).toFixed(1)} SD`;
}

/** The first sentence or line of a strategy, without list marks or emphasis, at most `max` characters. */
export function strategyHeadline(strategy: string, max = 140): string {
  const firstLine =
    strategy
      .split(/\r?\n/)
      .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
      .find((line) => line !== '') ?? '';
  const plain = firstLine.replace(/\*\*(.+?)\*\*/g, '$1');
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(plain)?.[1] ?? plain;
  if (sentence.length <= max) return sentence;
  // Shortened at a clause, else at a word — never inside a word ("measure margin, n…").
  const head = sentence.slice(0, max - 1);
  const clause = Math.max(head.lastIndexOf('; '), head.lastIndexOf(': '), head.lastIndexOf(', '));
  const word = head.lastIndexOf(' ');
  const cut = clause >= max / 2 ? clause : word >= max / 3 ? word : head.length;
  return `${head.slice(0, cut).replace(/[\s,;:—–-]+$/, '')}…`;
}

/** Three sentences on what stands out: sizes, the most distinctive segment, and how well they separate. */
export function reportHighlights(model: ModelSummary): string[] {
  const bySize = [...model.segments].sort((a, b) => b.size - a.size);
  const largest = bySize[0];
  const smallest = bySize[bySize.length - 1];
  const sentences: string[] = [];
  if (largest && smallest && largest !== smallest) {
    sentences.push(
      `The largest segment, “${isolated(largest.name)}”, holds ${percent(largest.share)} of customers; the smallest, ` +
        `“${isolated(smallest.name)}”, holds ${percent(smallest.share)}.`,
    );
  }
  let strongest: { segment: SegmentSummary; trait: Trait } | null = null;
  for (const segment of model.segments) {
    const trait = segmentTraits(model, segment.cluster, 1)[0];
    if (trait && (!strongest || Math.abs(trait.z) > Math.abs(strongest.trait.z))) strongest = { segment, trait };
  }
  if (strongest) {
    const { segment, trait } = strongest;
    sentences.push(
      `“${isolated(segment.name)}” stands out most: ${isolated(trait.label)} is ${Math.abs(trait.z).toFixed(1)} standard deviations ` +
        `${trait.z >= 0 ? 'above' : 'below'} the average customer.`,
    );
  } else {
    sentences.push('No segment differs from the average customer by more than a fifth of a standard deviation.');
  }
  sentences.push(
    `Together the ${model.k} segments explain ${percent(model.varianceExplained)} of the differences between ` +
      `customers, and they are ${separationWords(model.silhouette)} (silhouette ${model.silhouette.toFixed(2)}).`,
  );
  return sentences;
}

const SCALING_WORDS: Record<ModelSummary['preprocessing']['scaling'], string> = {
  standard: 'standardised (each feature centred on its mean and divided by its standard deviation)',
  minmax: 'rescaled to the range 0–1',
  robust: 'scaled robustly (centred on the median and divided by the interquartile range)',
  none: 'used in their own units, without scaling',
};

/** How the model was made, in plain sentences. */
/**
 * Where K-Means' starts ran on a sample of the customers (above 2,000,000), that in words; '' when
 * they ran on every customer.
 */
export function startsSampleNote(model: Pick<ModelSummary, 'customers' | 'startsSampled' | 'nInit'>): string {
  if (!(model.startsSampled > 0 && model.startsSampled < model.customers)) return '';
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    `The ${model.nInit} starts ran on a seeded sample of ${count(model.startsSampled)} of the ` +
    `${count(model.customers)} customers; Lloyd's passes from the best of them then ran on every customer.`
  );
}

export function methodSentences(model: ModelSummary, sweep: SweepSummary | null): string[] {
  const prep = model.preprocessing;
  const logged = prep.numeric.filter((step) => step.log).map((step) => step.name);
  const sentences = [
    `${model.customers.toLocaleString('en')} customers were described by ${model.features.length} feature` +
      `${model.features.length === 1 ? '' : 's'}: ${model.features.map((f) => labelAndName(model.recipe, f)).join(', ')}.`,
    `Numeric features were ${SCALING_WORDS[prep.scaling]}` +
      (logged.length > 0
        ? `, after taking log(1 + x) of ${logged.map((f) => isolated(columnLabel(model.recipe, f))).join(', ')}`
        : '') +
      '.',
  ];
  if (prep.categorical.length > 0) {
    sentences.push(
      `Categories (${prep.categorical.map((c) => isolated(columnLabel(model.recipe, c.name))).join(', ')}) were turned into one column per level, ` +
        'weighted so that a column with many levels does not dominate.',
    );
  }
  sentences.push(
    `K-Means grouped them into ${model.k} segments (k-means++ starts, best of ${model.nInit}, seed ${model.seed}; ` +
      'the same data and seed give the same segments).',
  );
  const sampled = startsSampleNote(model);
  if (sampled) sentences.push(sampled);
  if (sweep) {
    const chosen = sweep.points.find((p) => p.k === model.k);
    sentences.push(
      `k was chosen after fitting every k from ${sweep.kMin} to ${sweep.kMax}. ${sweep.recommendation.reason}` +
        (sweep.recommendation.k !== model.k ? ` ${model.k} segments were chosen instead.` : ''),
    );
    if (chosen) {
      sentences.push(
        `When the model is refitted on random 80% samples, ${percent(chosen.sameSegmentShare)} of customers stay in ` +
          `the same segment (adjusted Rand index ${chosen.stability.toFixed(2)}).`,
      );
    }
  } else {
    sentences.push('No k sweep is stored with this model: k was set directly.');
  }
  return sentences;
}

/** What a reader should keep in mind, in plain words. */
export const CAVEATS = [
  'K-Means looks for round groups of similar size around a centre; elongated or nested groups are split or merged.',
  'The segments depend on the features chosen: other features would give other segments.',
  'Trait rankings describe the segments; they are not tests of significance, because the segments were made to differ.',
  'Segments are a summary of customers as they were when the data was exported; refit them as customers change.',
];

/**
 * Notes on the data: how the file was read, every step of the recipe from the file to the features
 * (blanks filled with the learned value, outliers capped, categories merged, rows left out,
 * derived columns) with its counts, then the model's own filling of blanks. "No values were
 * missing" only when no step and no imputation filled or dropped a blank of a feature.
 */
export function dataQualityNotes(model: ModelSummary, dataset: DatasetSummary | null): string[] {
  const notes: string[] = [];
  const quote = (text: string) => `“${isolated(text)}”`;
  if (dataset) {
    notes.push(
      `Dataset “${isolated(dataset.name)}” (file ${isolated(dataset.fileName)}): ${dataset.rows.toLocaleString('en')} rows and ` +
        `${dataset.columns.length} columns.`,
    );
    // What the import did with every record of the file.
    if (dataset.import) notes.push(`The file: ${accountText(dataset.import)}`);
    const left = dataset.rows - model.customers;
    if (model.hasCustomers && left > 0) {
      notes.push(`${left.toLocaleString('en')} rows were left out of the model.`);
    }
  }
  let blanksHandled = false;
  const recipe = model.recipe ?? dataset?.recipe ?? null;
  if (recipe) {
    const needed = neededColumns(recipe, model.features);
    for (const step of recipe.steps) {
      notes.push(`From the file: ${stepSentence(step, quote)}`);
      if (step.step === 'fill-blanks' && step.count > 0 && needed.has(step.column)) blanksHandled = true;
      if (step.step === 'drop-blanks' && step.rows > 0) blanksHandled = true;
    }
  }
  for (const note of model.imputed) {
    blanksHandled = true;
    notes.push(
      `${isolated(note.feature)}: ${note.count.toLocaleString('en')} blank value${note.count === 1 ? '' : 's'} filled with ` +
        `the mean (${Number(note.value.toPrecision(6)).toLocaleString('en')}).`,
    );
  }
  for (const step of model.preprocessing.categorical) {
    if (step.levels.includes(UNKNOWN_LEVEL)) {
      blanksHandled = true;
      notes.push(`${isolated(step.name)}: blanks kept as their own category “${UNKNOWN_LEVEL}”.`);
    }
  }
  if (!blanksHandled) notes.push('No values were missing in the features used.');
  return notes;
}
