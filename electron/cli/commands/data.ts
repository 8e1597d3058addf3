/** The data commands of segment-studio (see ../index.ts for what they share). */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { unreadableFileMessage } from '../../../shared/files';
import type { ImportOptions } from '../../../shared/import/options';
import type { ImportAccount } from '../../../shared/domain';
import { parseRecipe, recipeSentences } from '../../../shared/import/recipe';
import { accountText } from '../../../shared/import/account';
import { backupDatabase } from '../../services/store/backups';
import { backupDirFor } from '../../services/paths';
import { importOptionsFromFlags } from '../importFlags';
import { jobId, positiveInt, UsageError, type CliContext, type CliValues } from '../context';

/** A transaction log's lines, as `import --json` gives them: read, used, and each reason left out. */
function transactionsSummary(account: ImportAccount) {
  const count = (reason: string) => account.skipped.filter((s) => s.reason === reason).reduce((n, s) => n + s.count, 0);
  return {
    read: account.records,
    used: account.transactions?.lines ?? 0,
    customers: account.transactions?.customers ?? 0,
    cancellations: count('cancelled'),
    filtered: count('filtered'),
    missingCustomer: count('no-customer'),
  };
}

/** The flags `--recipe` stands for: a recipe's options replace them all. */
const READING_FLAGS = [
  'delimiter',
  'decimal',
  'encoding',
  'quotes',
  'sheet',
  'customer',
  'date',
  'amount',
  'price',
  'invoice',
  'returns',
  'cancel-prefix',
  'quantity',
  'category',
  'reference-date',
  'date-order',
] as const;

/** The import options of a recipe file (`segment-studio recipe … --out`), checked. */
function recipeOptions(values: CliValues): ImportOptions {
  const path = values.recipe as string;
  const given = [
    ...READING_FLAGS.filter((flag) => values[flag] !== undefined),
    ...(['no-header', 'skip-ragged', 'transactions'] as const).filter((flag) => values[flag]),
    ...(['derive', 'kind', 'clean', 'exclude', 'label', 'meaning'] as const).filter(
      (flag) => (values[flag]?.length ?? 0) > 0,
    ),
  ];
  if (given.length > 0) {
    throw new UsageError(
      `--recipe gives every import option; leave out --${given.join(', --')} (or edit the recipe's "options")`,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(path, (error as NodeJS.ErrnoException).code));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError(
      'BAD_RECIPE',
      `${basename(path)} is not JSON: write it with "segment-studio recipe DATASET_ID --out FILE".`,
    );
  }
  return parseRecipe(json, basename(path)).options;
}

export async function importCommand({ values, service, call, file }: CliContext): Promise<number> {
  const options = values.recipe !== undefined ? recipeOptions(values) : importOptionsFromFlags(values);
  // Through the API's own validation, as the app's Open dialog does: the file by a token, read by the worker.
  const dataset = await call('importDataset', {
    jobId: jobId('import'),
    fileName: basename(file),
    fileToken: service.registerOpenedFile(resolve(file)),
    ...(values.name !== undefined ? { name: values.name } : {}),
    options,
  });
  if (values.json) {
    const columns = dataset.columns.map(({ name, kind, missing }) => ({ name, kind, missing }));
    console.log(
      JSON.stringify({
        dataset: {
          id: dataset.id,
          name: dataset.name,
          rows: dataset.rows,
          columns,
          import: dataset.import,
          recipe: dataset.recipe,
          ...(dataset.import?.transactions ? { transactions: transactionsSummary(dataset.import) } : {}),
        },
      }),
    );
  } else {
    console.log(
      `Dataset ${dataset.id} "${dataset.name}": ${dataset.rows} customers, ${dataset.columns.length} columns`,
    );
    if (dataset.import) console.log(`  ${accountText(dataset.import)}`);
    for (const c of dataset.columns) console.log(`  ${c.name}: ${c.kind}${c.missing ? `, ${c.missing} missing` : ''}`);
  }
  return 0;
}

export async function describeCommand({ values, positionals, call }: CliContext): Promise<number> {
  const datasetId = positiveInt(positionals[0], 'DATASET_ID');
  const description = await call('describeDataset', {
    jobId: jobId('describe'),
    datasetId,
  });
  const { recipe } = await call('datasetSummary', { datasetId });
  if (values.json) {
    const columns = description.columns.map(({ histogram: _histogram, ...rest }) => rest);
    console.log(JSON.stringify({ dataset: datasetId, ...description, columns, recipe }));
  } else {
    const n = (v: number | null) => (v === null ? '' : Number(v.toPrecision(4)).toLocaleString('en'));
    console.log(`Dataset ${datasetId}: ${description.rows} rows`);
    for (const c of description.columns) {
      console.log(
        c.kind === 'numeric'
          ? `  ${c.name}: ${c.count} values, ${c.missing} blank, mean ${n(c.mean)}, sd ${n(c.std)}, min ${n(c.min)}, median ${n(c.median)}, max ${n(c.max)}`
          : `  ${c.name}: ${c.distinct} categories, ${c.missing} blank; ${(c.levels ?? [])
              .slice(0, 3)
              .map((l) => `${l.level} ${l.count}`)
              .join(', ')}`,
      );
    }
    for (const w of description.warnings) console.log(`  ! ${w.message}`);
    if (recipe) {
      console.log('Recipe (from the raw file to these columns):');
      for (const line of recipeSentences(recipe)) console.log(`  ${line}`);
    }
  }
  return 0;
}

/** `recipe DATASET_ID`: every step from the raw file to the dataset, as words, JSON or a file. */
export async function recipeCommand({ values, positionals, call }: CliContext): Promise<number> {
  const datasetId = positiveInt(positionals[0], 'DATASET_ID');
  const { recipe, name } = await call('datasetSummary', { datasetId });
  if (!recipe) {
    throw new AppError(
      'BAD_RECIPE',
      `Dataset ${datasetId} "${name}" was imported before recipes were kept (or comes from a model file): import its file again to have one.`,
    );
  }
  if (values.out) writeFileSync(values.out, `${JSON.stringify(recipe, null, 2)}\n`);
  if (values.json) console.log(JSON.stringify({ recipe, sentences: recipeSentences(recipe), out: values.out ?? null }));
  else {
    if (values.out) console.log(`Wrote the recipe of dataset ${datasetId} to ${values.out}`);
    for (const line of recipeSentences(recipe)) console.log(`  ${line}`);
  }
  return 0;
}

export async function backupCommand({ values, dbPath, db }: CliContext): Promise<number> {
  const path = await backupDatabase(db, backupDirFor(dbPath), 'manual');
  if (values.json) console.log(JSON.stringify({ backup: { path } }));
  else console.log(`Backed up to ${path}`);
  return 0;
}

export async function listCommand({ values, call, dbPath }: CliContext): Promise<number> {
  const all = await call('listDatasets', {});
  const models = await call('listModels', {});
  const listing = all.map((d) => ({
    id: d.id,
    name: d.name,
    rows: d.rows,
    models: models
      .filter((m) => m.datasetId === d.id)
      .map(({ id, name, k, features, silhouette, createdAt }) => ({
        id,
        name,
        k,
        features,
        silhouette,
        createdAt,
      })),
  }));
  if (values.json) console.log(JSON.stringify({ datasets: listing }));
  else if (listing.length === 0) console.log(`No datasets in ${dbPath}`);
  else {
    for (const d of listing) {
      console.log(`Dataset ${d.id} "${d.name}": ${d.rows} customers`);
      for (const m of d.models) {
        console.log(
          `  model ${m.id}: k = ${m.k}, silhouette ${m.silhouette.toFixed(3)}, features ${m.features.join(', ')}`,
        );
      }
    }
  }
  return 0;
}
