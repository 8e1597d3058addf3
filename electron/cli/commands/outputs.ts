/** The outputs commands of segment-studio (see ../index.ts for what they share). */
import { statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { PaperSize } from '../../../shared/report/settings';
import type { CallArgs } from '../../../shared/api/contract';
import { jobId, positiveInt, UsageError, type CliContext } from '../context';
import { AppError } from '../../../shared/errors';
import { unreadableFileMessage } from '../../../shared/files';

export async function assignCommand({ values, positionals, call, file, service }: CliContext): Promise<number> {
  const modelId = positiveInt(positionals[0], 'MODEL_ID');
  const parquet = /\.parquet$/i.test(values.out as string);
  // The file read by the worker from its path, as an import is, and the result written by it
  // straight to --out: neither is ever whole in this process, and the CSV has no length limit.
  const result = await service.assignToFile(jobId('assign'), {
    modelId,
    fileName: basename(file),
    file: { fileToken: service.registerOpenedFile(resolve(file)) },
    ...(parquet ? { format: 'parquet' as const } : {}),
    outPath: resolve(values.out as string),
  });
  const model = await call('getModel', { modelId });
  const sizes = result.sizes.map((size, cluster) => ({ cluster, name: model.segments[cluster].name, size }));
  const recipe = model.recipe ? model.recipe.steps.length : 0;
  if (values.json) {
    console.log(
      JSON.stringify({
        assigned: { rows: result.rows, out: values.out, sizes, leftOut: result.leftOut, recipeSteps: recipe },
      }),
    );
  } else {
    console.log(`Assigned ${result.rows - result.leftOut} of ${result.rows} customers to ${values.out}`);
    if (recipe > 0) console.log(`  (the model's recipe replayed first: ${recipe} step${recipe === 1 ? '' : 's'})`);
    if (result.leftOut > 0) {
      console.log(
        `  ${result.leftOut} customers got no segment: the recipe leaves out rows with these blanks (see the note column)`,
      );
    }
    for (const s of sizes) console.log(`  ${s.cluster}. ${s.name}: ${s.size}`);
  }
  return 0;
}

export async function reportCommand({ values, positionals, call, sections }: CliContext): Promise<number> {
  const modelId = positiveInt(positionals[0], 'MODEL_ID');
  const saved = await call('getReportSettings', { modelId });
  const paper = (values.paper as PaperSize | undefined) ?? saved.paper;
  const { pdfBase64 } = await call('exportReportPdf', {
    modelId,
    paper,
    sections: sections as CallArgs<'exportReportPdf'>['sections'],
  });
  const bytes = Buffer.from(pdfBase64, 'base64');
  writeFileSync(values.out as string, bytes);
  if (values.json) {
    console.log(
      JSON.stringify({
        report: { out: values.out, bytes: bytes.length, modelId, paper, sections: sections ?? saved.sections },
      }),
    );
  } else console.error(`Wrote the report of model ${modelId} to ${values.out} (${bytes.length} bytes)`);
  return 0;
}

export async function exportCommand({ values, positionals, service }: CliContext): Promise<number> {
  const modelId = positiveInt(positionals[0], 'MODEL_ID');
  // Written by the worker straight to the file: memory stays flat whatever the number of customers.
  const { rows, header } = await service.exportLabelled(jobId('export'), {
    modelId,
    format: /\.xlsx$/i.test(values.out as string)
      ? 'xlsx'
      : /\.parquet$/i.test(values.out as string)
        ? 'parquet'
        : 'csv',
    cleaned: values.cleaned,
    outPath: resolve(values.out as string),
  });
  if (values.json) console.log(JSON.stringify({ exported: { rows, out: values.out, columns: header } }));
  else console.error(`Wrote ${rows} customers to ${values.out}`);
  return 0;
}

/** `transitions MODEL_ID --before A --after B`: segments over time, and drift, by customer id. */
export async function transitionsCommand({ values, positionals, call, service }: CliContext): Promise<number> {
  const modelId = positiveInt(positionals[0], 'MODEL_ID');
  if (!values.before || !values.after) throw new UsageError('transitions needs --before FILE and --after FILE');
  const file = (path: string) => {
    try {
      if (!statSync(path).isFile()) throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(path, 'EISDIR'));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(path, (error as NodeJS.ErrnoException).code));
    }
    return { fileName: basename(path), fileToken: service.registerOpenedFile(resolve(path)) };
  };
  const result = await call('transitions', {
    jobId: jobId('transitions'),
    modelId,
    before: file(values.before),
    after: file(values.after),
    ...(values.id !== undefined ? { id: values.id } : {}),
  });
  if (values.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(
    `${result.matched.toLocaleString('en')} customers in both snapshots: ${result.stayed.toLocaleString('en')} kept their segment.`,
  );
  for (const t of result.transitions) console.log(`  ${t.fromName} → ${t.toName}: ${t.count.toLocaleString('en')}`);
  for (const s of result.segments)
    console.log(`  ${s.name}: ${s.before.toLocaleString('en')} → ${s.after.toLocaleString('en')}`);
  for (const d of result.drift) console.log(`  ${d.verdict} (PSI ${d.psi.toFixed(3)})`);
  console.log(
    `  ${(result.farFromCentroids * 100).toFixed(1)}% of the later customers are far from every segment's centre.`,
  );
  return 0;
}
