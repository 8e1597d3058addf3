/**
 * Segments over time, in the worker: each snapshot read as the model's training file was (its
 * recipe's reading options), its recipe replayed and scored, then the two compared by customer id
 * (shared/segments/transitions.ts).
 */
import { AppError } from '../../shared/errors';
import { replayReadOptions } from '../../shared/import/recipe';
import { scoreTable } from '../../shared/segments/assign';
import { compareSnapshots, type Snapshot, type Transitions } from '../../shared/segments/transitions';
import type { TransitionsInput } from '../../shared/worker/messages';
import { readTable } from './import/pipeline';

export async function snapshotTransitions(
  input: TransitionsInput,
  progress: (stage: string, fraction: number | null, message: string) => void,
): Promise<Transitions> {
  const score = async (file: TransitionsInput['before'], which: string): Promise<Snapshot> => {
    progress('parse', null, `Reading the ${which} snapshot, ${file.fileName}`);
    const options = input.recipe ? replayReadOptions(input.recipe) : undefined;
    const table = await readTable(file.fileName, file.source, options);
    const idName =
      input.id ??
      input.recipe?.columns.find((c) => c.kind === 'identifier' && c.role !== 'derived')?.name ??
      table.columns.find((c) => c.kind === 'identifier')?.name;
    const idColumn = table.columns.find((c) => c.name === idName);
    if (!idName || !idColumn) {
      throw new AppError(
        'MISSING_COLUMN',
        `${file.fileName} has no customer id column${idName ? ` "${idName}"` : ''} to match the snapshots by: name it with --id COLUMN.`,
      );
    }
    const { raw, assignment, leftOut } = scoreTable(file.fileName, table, input);
    const labels = Int32Array.from(assignment.labels, (c, i) => (leftOut?.[i] ? -1 : c));
    const ids = Array.from(idColumn.values as ArrayLike<string | number | null>, (v) =>
      v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v),
    );
    return { ids, labels, distances: assignment.distances, raw };
  };
  const before = await score(input.before, 'earlier');
  const after = await score(input.after, 'later');
  progress('compare', null, 'Comparing the snapshots');
  return compareSnapshots(before, after, input.segmentNames);
}
