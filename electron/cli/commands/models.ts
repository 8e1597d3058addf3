/** The models commands of segment-studio (see ../index.ts for what they share). */
import { AppError } from '../../../shared/errors';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SQL_DIALECTS, type SqlDialect } from '../../../shared/segments/scoringSql';
import { segmentTraits } from '../../../shared/segments/traits';
import { strategyBecause } from '../../../shared/segments/naming';
import { columnLabel } from '../../../shared/segments/meanings';
import type { CallArgs } from '../../../shared/api/contract';
import { jobId, list, positiveInt, printModel, UsageError, type CliContext } from '../context';

export async function sweepCommand({ values, positionals, call }: CliContext): Promise<number> {
  if (!values.features) throw new UsageError('sweep needs --features A,B,C');
  const range = (values.k ?? '2-10').match(/^(\d+)\s*-\s*(\d+)$/);
  if (!range) throw new UsageError(`--k must be a range like 2-10, got "${values.k}"`);
  const sweep = await call('sweepK', {
    jobId: jobId('sweep'),
    datasetId: positiveInt(positionals[0], 'DATASET_ID'),
    features: list(values.features),
    kMin: Number(range[1]),
    kMax: Number(range[2]),
    nInit: values.inits === undefined ? 4 : positiveInt(values.inits, '--inits'),
    seed: values.seed === undefined ? 0 : positiveInt(values.seed, '--seed'),
    // Checked by the call's schema, which names the allowed values.
    scaling: (values.scale ?? 'standard') as CallArgs<'sweepK'>['scaling'],
    logFeatures: values.log ? list(values.log) : [],
  });
  if (values.json) {
    console.log(
      JSON.stringify({
        k: sweep.points.map(
          ({ k, inertia, silhouette, calinskiHarabasz, daviesBouldin, stability, sameSegmentShare }) => ({
            k,
            inertia,
            silhouette,
            calinskiHarabasz,
            daviesBouldin,
            stability,
            sameSegmentShare,
          }),
        ),
        recommendedK: sweep.recommendation.k,
        reason: sweep.recommendation.reason,
        advice: sweep.recommendation.advice,
        warning: sweep.recommendation.warning,
        sweepId: sweep.id,
        silhouetteSampled: sweep.silhouetteSampled,
      }),
    );
  } else {
    console.log(' k     inertia  silhouette       CH      DB  stability');
    for (const p of sweep.points) {
      console.log(
        `${String(p.k).padStart(2)} ${p.inertia.toFixed(1).padStart(11)} ${p.silhouette.toFixed(3).padStart(11)} ${p.calinskiHarabasz.toFixed(1).padStart(8)} ${p.daviesBouldin.toFixed(3).padStart(7)} ${p.stability.toFixed(3).padStart(10)}${p.k === sweep.recommendation.k ? '  ← recommended' : ''}`,
      );
    }
    console.log(`\nRecommendation: ${sweep.recommendation.advice}`);
    console.log(`  (${sweep.recommendation.reason})`);
    if (sweep.recommendation.warning) console.log(`Warning: ${sweep.recommendation.warning}`);
  }
  return 0;
}

export async function trainCommand({ values, positionals, call }: CliContext): Promise<number> {
  if (!values.features) throw new UsageError('train needs --features A,B,C');
  if (values.k === undefined) throw new UsageError('train needs --k N');
  const k = positiveInt(values.k, '--k');
  if (k < 2) throw new AppError('INVALID_K', `--k must be at least 2, got ${k}`);
  const model = await call('trainModel', {
    jobId: jobId('train'),
    datasetId: positiveInt(positionals[0], 'DATASET_ID'),
    features: list(values.features),
    k,
    seed: values.seed === undefined ? 0 : positiveInt(values.seed, '--seed'),
    nInit: positiveInt(values.inits ?? values['n-init'] ?? '10', '--inits'),
    // Checked by the call's schema, which names the allowed values.
    scaling: (values.scale ?? 'standard') as CallArgs<'sweepK'>['scaling'],
    logFeatures: values.log ? list(values.log) : [],
    sweepId: values.sweep === undefined ? undefined : positiveInt(values.sweep, '--sweep'),
    name: values.name,
  });
  if (values.json) {
    const { id, features, inertia, silhouette, calinskiHarabasz, daviesBouldin, varianceExplained } = model;
    const segments = model.segments.map(({ cluster, name, size, share }) => ({ cluster, name, size, share }));
    console.log(
      JSON.stringify({
        model: {
          id,
          datasetId: model.datasetId,
          k: model.k,
          features,
          inertia,
          silhouette,
          calinskiHarabasz,
          daviesBouldin,
          varianceExplained,
          seed: model.seed,
          nInit: model.nInit,
          customers: model.customers,
          // The rows K-Means' starts ran on: every customer, or a seeded sample above 2,000,000.
          startsSampled: model.startsSampled,
          segments,
        },
      }),
    );
  } else printModel(model);
  return 0;
}

export async function segmentsCommand({ values, positionals, call }: CliContext): Promise<number> {
  const model = await call('getModel', {
    modelId: positiveInt(positionals[0], 'MODEL_ID'),
  });
  // Who is worth what (a model imported from a file has no customers to value).
  const worth = model.hasCustomers
    ? await call('segmentValue', {
        jobId: jobId('value'),
        modelId: model.id,
        ...(values.value !== undefined ? { column: values.value } : {}),
      })
    : null;
  const segments = model.segments.map((s) => ({
    cluster: s.cluster,
    name: s.name,
    size: s.size,
    share: s.share,
    colour: s.colour,
    strategy: s.strategy,
    /** The traits behind a playbook strategy still in place ("Income +1.2 sd, …"); null otherwise. */
    because: strategyBecause(model, s.cluster, s.strategy),
    value:
      worth && worth.column !== null
        ? {
            column: worth.column,
            share: worth.segments[s.cluster].share,
            customerShare: worth.segments[s.cluster].customerShare,
            mean: worth.segments[s.cluster].mean,
            median: worth.segments[s.cluster].median,
          }
        : null,
    outcomes: (worth?.outcomes ?? []).map((o) => ({
      column: o.column,
      rate: o.rates[s.cluster],
      overallRate: o.overallRate,
    })),
    traits: segmentTraits(model, s.cluster).map(
      ({ feature, label, z, etaSquared, segmentMean, overallMean, text }) => ({
        feature,
        label,
        z,
        etaSquared,
        segmentMean,
        overallMean,
        text,
      }),
    ),
  }));
  if (values.json) {
    console.log(
      JSON.stringify({
        model: { id: model.id, k: model.k, features: model.features },
        segments,
        ...(worth?.groups ? { rfmGroups: worth.groups } : {}),
      }),
    );
  } else {
    const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
    for (const s of segments) {
      console.log(`${s.cluster}. ${s.name}: ${s.size} customers (${(s.share * 100).toFixed(1)}%)`);
      if (s.value) {
        console.log(
          `   ${columnLabel(model.recipe, s.value.column)}: ${percent(s.value.share)} of the total, mean ${s.value.mean?.toLocaleString('en', { maximumFractionDigits: 2 }) ?? '–'}, median ${s.value.median?.toLocaleString('en', { maximumFractionDigits: 2 }) ?? '–'}`,
        );
      }
      for (const o of s.outcomes)
        console.log(
          `   ${columnLabel(model.recipe, o.column)}: ${percent(o.rate)} (all customers: ${percent(o.overallRate)})`,
        );
      for (const t of s.traits) console.log(`   - ${t.text}`);
      if (s.strategy) console.log(`   Strategy: ${s.strategy}`);
      if (s.because) console.log(`   Because: ${s.because}`);
    }
    console.log('\nTraits are descriptive only: segments are made to differ, so tests of difference do not apply.');
  }
  return 0;
}

export async function renameCommand({ values, positionals, call }: CliContext): Promise<number> {
  const [modelArg, clusterArg, name] = positionals;
  const segment = await call('updateSegment', {
    modelId: positiveInt(modelArg, 'MODEL_ID'),
    cluster: positiveInt(clusterArg, 'CLUSTER'),
    name,
  });
  if (values.json) console.log(JSON.stringify({ segment }));
  else console.log(`Segment ${segment.cluster} is now "${segment.name}"`);
  return 0;
}

export async function modelCommand({ values, positionals, call, file, modelAction }: CliContext): Promise<number> {
  if (modelAction === 'import') {
    const model = await call('importModel', {
      fileName: basename(file),
      json: readFileSync(file, 'utf8'),
    });
    const segments = model.segments.map(({ cluster, name }) => ({ cluster, name }));
    if (values.json)
      console.log(JSON.stringify({ model: { id: model.id, k: model.k, features: model.features, segments } }));
    else console.log(`Imported model ${model.id} "${model.name}" (${model.k} segments)`);
    return 0;
  }
  if (modelAction === 'sql') {
    const dialect = values.dialect ?? '';
    if (!(SQL_DIALECTS as readonly string[]).includes(dialect)) {
      throw new UsageError(`model sql needs --dialect ${SQL_DIALECTS.join('|')}${dialect ? `, got "${dialect}"` : ''}`);
    }
    const modelId = positiveInt(positionals[0], 'MODEL_ID');
    const { sql } = await call('modelSql', {
      modelId,
      dialect: dialect as SqlDialect,
      ...(values.table !== undefined ? { table: values.table } : {}),
      ...(values.id !== undefined ? { id: values.id } : {}),
    });
    if (values.out) writeFileSync(values.out, sql);
    if (values.json) console.log(JSON.stringify({ sql: { modelId, dialect, out: values.out ?? null, text: sql } }));
    else if (values.out) console.error(`Wrote the scoring SQL of model ${modelId} (${dialect}) to ${values.out}`);
    else process.stdout.write(sql);
    return 0;
  }
  const exported = await call('exportModel', {
    modelId: positiveInt(positionals[0], 'MODEL_ID'),
  });
  writeFileSync(values.out as string, exported.json);
  console.error(`Wrote the model to ${values.out}`);
  return 0;
}
