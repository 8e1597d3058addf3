/** The data commands of segment-studio (see ../index.ts for what they share). */
import { basename } from 'node:path';
import { accountText } from '../../../shared/import/account';
import { backupDatabase } from '../../services/store/backups';
import { backupDirFor } from '../../services/paths';
import { importOptionsFromFlags } from '../importFlags';
import { jobId, positiveInt, type CliContext } from '../context';

export async function importCommand({ values, service, file }: CliContext): Promise<number> {
  const options = importOptionsFromFlags(values);
  const dataset = await service.importFile(jobId('import'), basename(file), { path: file }, values.name, options);
  if (values.json) {
    const columns = dataset.columns.map(({ name, kind, missing }) => ({ name, kind, missing }));
    console.log(
      JSON.stringify({
        dataset: { id: dataset.id, name: dataset.name, rows: dataset.rows, columns, import: dataset.import },
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
  if (values.json) {
    const columns = description.columns.map(({ histogram: _histogram, ...rest }) => rest);
    console.log(JSON.stringify({ dataset: datasetId, ...description, columns }));
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
