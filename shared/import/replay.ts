/**
 * A recipe's cleaning and derived columns replayed on a raw table with the values learned on the
 * training data (never re-learned: next month's median is not the model's). Rows the recipe's
 * "drop blanks" step would leave out are kept in place and marked, so the caller can say which
 * customers got no segment and why. Pure: no Node, no DOM.
 */
import { AppError } from '../errors';
import type { Recipe, RecipeStep } from './recipe';
import { OTHER_LEVEL, deriveWithSteps, type DerivedFeature, type TableColumn } from './transform';

export interface Replayed {
  columns: TableColumn[];
  rowCount: number;
  /** Per row: the reason it is left out (a blank in a "drop" column), or null. */
  leftOut: (string | null)[] | null;
}

const isBlank = (v: number | string | null): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));

/**
 * The columns a replay for these features needs: the features, the columns their derived columns
 * are made from (recursively), and the columns whose blanks leave a customer out.
 */
export function neededColumns(recipe: Recipe, features: string[]): Set<string> {
  const needed = new Set(features);
  for (let i = recipe.steps.length - 1; i >= 0; i--) {
    const step = recipe.steps[i];
    if (step.step === 'derive' && needed.has(step.name)) for (const c of step.columns) needed.add(c);
    if (step.step === 'drop-blanks') for (const c of step.columns) needed.add(c);
  }
  return needed;
}

/** Refuse a raw file that lacks a column the replay needs from it, naming every one. */
export function checkSourceColumns(
  fileName: string,
  columns: TableColumn[],
  needed: Set<string>,
  recipe: Recipe,
): void {
  const have = new Set(columns.map((c) => c.name));
  const made = new Set(recipe.steps.flatMap((s) => (s.step === 'derive' ? [s.name] : [])));
  const missing = [...needed].filter((n) => !have.has(n) && !made.has(n));
  if (missing.length > 0) {
    throw new AppError(
      'MISSING_COLUMNS',
      `${fileName} lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}, ` +
        `which its recipe reads from the raw file (it was trained from "${recipe.source.fileName}"). ` +
        `Its columns are: ${columns.map((c) => c.name).join(', ')}.`,
    );
  }
}

/**
 * Apply the recipe's cleaning and derive steps (not the aggregation: the reader did it) in order;
 * with `needed`, only the steps that make those columns.
 */
export function replaySteps(
  fileName: string,
  input: TableColumn[],
  rowCount: number,
  allSteps: RecipeStep[],
  needed?: Set<string>,
): Replayed {
  const columns = input.map((c) => ({ ...c }));
  const steps = needed
    ? allSteps.filter((s) => (s.step === 'derive' ? needed.has(s.name) : 'column' in s ? needed.has(s.column) : true))
    : allSteps;
  let leftOut: (string | null)[] | null = null;
  const find = (name: string, step: string): TableColumn => {
    const column = columns.find((c) => c.name === name);
    if (!column) {
      throw new AppError(
        'MISSING_COLUMNS',
        `${fileName} has no column "${name}", which the recipe's ${step} step reads.`,
      );
    }
    return column;
  };
  const numbers = (column: TableColumn, step: string): Float64Array => {
    if (!(column.values instanceof Float64Array)) {
      throw new AppError(
        'RECIPE_MISMATCH',
        `${fileName}: column "${column.name}" is not numeric here, but the recipe's ${step} step needs numbers ` +
          '(it was numeric in the training file). Check the column, or choose its type as in the training import.',
      );
    }
    return column.values;
  };
  const texts = (column: TableColumn, step: string): (string | null)[] => {
    if (column.values instanceof Float64Array) {
      throw new AppError(
        'RECIPE_MISMATCH',
        `${fileName}: column "${column.name}" is numeric here, but the recipe's ${step} step needs categories ` +
          '(it was a category in the training file). Choose its type as in the training import.',
      );
    }
    return column.values;
  };
  const derived: DerivedFeature[] = [];
  for (const step of steps) {
    switch (step.step) {
      case 'aggregate':
        break;
      case 'drop-blanks': {
        const reasons: (string | null)[] = leftOut ?? new Array<string | null>(rowCount).fill(null);
        for (const name of step.columns) {
          const values = find(name, 'drop-blanks').values;
          for (let r = 0; r < rowCount; r++) {
            if (reasons[r] === null && isBlank(values[r]))
              reasons[r] = `"${name}" is blank (the recipe leaves such rows out)`;
          }
        }
        leftOut = reasons;
        break;
      }
      case 'cap': {
        const column = find(step.column, 'cap');
        const { low, high } = step;
        column.values = numbers(column, 'cap').map((v) => (Number.isNaN(v) ? v : Math.min(high, Math.max(low, v))));
        break;
      }
      case 'fill-blanks': {
        const column = find(step.column, 'fill-blanks');
        if (column.values instanceof Float64Array) {
          const fill = Number(step.value);
          column.values = column.values.map((v) => (Number.isNaN(v) ? fill : v));
        } else {
          const fill = String(step.value);
          column.values = texts(column, 'fill-blanks').map((v) => v ?? fill);
        }
        column.missing = countBlanks(column.values);
        break;
      }
      case 'merge-rare': {
        const column = find(step.column, 'merge-rare');
        const kept = new Set(step.kept);
        column.values = texts(column, 'merge-rare').map((v) => (v !== null && !kept.has(v) ? OTHER_LEVEL : v));
        break;
      }
      case 'derive':
        derived.push({
          name: step.name,
          template: step.template,
          columns: step.columns,
          ...(step.reference !== undefined ? { reference: step.reference } : {}),
          ...(step.referenceDate !== undefined ? { referenceDate: step.referenceDate } : {}),
        });
        // Derived columns may read earlier derived ones: add each as it comes.
        columns.push(...deriveWithSteps(columns, rowCount, derived.splice(0)).columns.slice(columns.length));
        break;
    }
  }
  return { columns, rowCount, leftOut };
}

function countBlanks(values: Float64Array | (string | null)[]): number {
  let n = 0;
  for (const v of values) if (isBlank(v)) n++;
  return n;
}
