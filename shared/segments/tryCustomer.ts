/**
 * "Try a customer": the values a person types are the raw file's columns, as the model's recipe
 * reads them — a derived feature (a total, an age, a tenure) is made from them by the recipe with
 * its learned values, exactly as `assign` does — then the model's preprocessing and the nearest
 * centre. Without a recipe the inputs are the features themselves. Pure: no Node, no DOM.
 */
import type { ModelSummary } from '../domain';
import type { ParsedTable } from '../import/table';
import { isoDay, dateCell } from '../import/dates';
import { replaySteps } from '../import/replay';
import type { TableColumn } from '../import/transform';
import { applyPreprocessing } from '../ml/preprocess';
import { assignCustomers, featuresFromTable, type Assignment } from './assign';

export interface TrySource {
  name: string;
  kind: 'number' | 'category' | 'date';
  initial: number | string;
  /** A slider's range (the data's, or the recipe's fences), when known. */
  min?: number;
  max?: number;
  /** 1 for whole numbers with a small range (children, visits): no 0.51 teenagers. */
  step?: number;
  levels?: string[];
}

type Model = Pick<
  ModelSummary,
  'preprocessing' | 'recipe' | 'ranges' | 'overallMeans' | 'centroidsScaled' | 'features'
>;

/** The derive steps that make the model's features, and the raw columns they read. */
function featureSources(model: Model): { sources: Set<string>; derived: boolean } {
  const recipe = model.recipe;
  const sources = new Set(model.features);
  let derived = false;
  for (const step of [...(recipe?.steps ?? [])].reverse()) {
    if (step.step === 'derive' && sources.has(step.name)) {
      derived = true;
      sources.delete(step.name);
      for (const c of step.columns) sources.add(c);
    }
  }
  return { sources, derived };
}

/** The inputs of the form: the raw columns the features are made from, with a sensible start. */
export function trySources(model: Model): TrySource[] {
  const { sources } = featureSources(model);
  const steps = model.recipe?.steps ?? [];
  const numericIndex = new Map(model.preprocessing.numeric.map((s, j) => [s.name, j]));
  const categorical = new Map(model.preprocessing.categorical.map((s) => [s.name, s.levels]));
  return [...sources].map((name): TrySource => {
    const kind = model.recipe?.columns.find((c) => c.name === name)?.kind;
    const j = numericIndex.get(name);
    if (categorical.has(name) || kind === 'categorical' || kind === 'text') {
      const merged = steps.find((s) => s.step === 'merge-rare' && s.column === name);
      const levels = categorical.get(name) ?? (merged && merged.step === 'merge-rare' ? merged.kept : []);
      return { name, kind: 'category', initial: levels[0] ?? '', levels };
    }
    if (kind === 'date') {
      const reference = steps.find((s) => s.step === 'derive' && s.columns.includes(name));
      const day =
        reference && reference.step === 'derive' && reference.referenceDate
          ? dateCell(reference.referenceDate, 'ymd')
          : 0;
      return { name, kind: 'date', initial: isoDay(day - 365) };
    }
    const cap = steps.find((s) => s.step === 'cap' && s.column === name);
    const fill = steps.find((s) => s.step === 'fill-blanks' && s.column === name);
    const range =
      j !== undefined ? model.ranges[j] : cap && cap.step === 'cap' ? { min: cap.low, max: cap.high } : undefined;
    const initial =
      j !== undefined
        ? model.overallMeans[j]
        : fill && fill.step === 'fill-blanks' && typeof fill.value === 'number'
          ? fill.value
          : range
            ? (range.min + range.max) / 2
            : 0;
    const whole =
      range !== undefined && Number.isInteger(range.min) && Number.isInteger(range.max) && range.max - range.min <= 100;
    return {
      name,
      kind: 'number',
      initial: whole ? Math.round(initial) : Number(initial.toFixed(2)),
      ...(range ? { min: range.min, max: range.max } : {}),
      ...(whole ? { step: 1 } : {}),
    };
  });
}

/** One customer from the form's values: the recipe replayed on them, then the model's segment. */
export function scoreCustomer(
  model: Model,
  values: Record<string, number | string>,
): { assignment: Assignment; encoded: Float64Array } {
  const sources = trySources(model);
  const columns: TableColumn[] = sources.map((s) => {
    const v = values[s.name] ?? s.initial;
    return s.kind === 'number'
      ? { name: s.name, kind: 'numeric', missing: 0, values: Float64Array.of(Number(v)) }
      : { name: s.name, kind: s.kind === 'date' ? 'date' : 'categorical', missing: 0, values: [String(v)] };
  });
  // The recipe's cleaning (the learned fences, fills, categories kept) and derived columns, as assign does.
  const replayed =
    model.recipe && model.recipe.steps.length > 0
      ? replaySteps(
          'this customer',
          columns,
          1,
          model.recipe.steps,
          new Set([...model.features, ...columns.map((c) => c.name)]),
        ).columns
      : columns;
  const table: ParsedTable = { rowCount: 1, delimiter: ',', columns: replayed };
  const raw = featuresFromTable(table, model.preprocessing, 'this customer');
  return {
    assignment: assignCustomers(raw, model.preprocessing, model.centroidsScaled),
    encoded: applyPreprocessing(raw, model.preprocessing).data,
  };
}
