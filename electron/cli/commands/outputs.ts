/** The outputs commands of segment-studio (see ../index.ts for what they share). */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { PaperSize } from '../../../shared/report/settings';
import type { CallArgs } from '../../../shared/api/contract';
import { jobId, positiveInt, type CliContext } from '../context';

export async function assignCommand({ values, positionals, call, file }: CliContext): Promise<number> {
  const modelId = positiveInt(positionals[0], 'MODEL_ID');
  const result = await call('assignFile', {
    jobId: jobId('assign'),
    modelId,
    fileName: basename(file),
    contentBase64: readFileSync(file).toString('base64'),
  });
  writeFileSync(values.out as string, result.csv);
  const model = await call('getModel', { modelId });
  const sizes = result.sizes.map((size, cluster) => ({ cluster, name: model.segments[cluster].name, size }));
  if (values.json) console.log(JSON.stringify({ assigned: { rows: result.rows, out: values.out, sizes } }));
  else {
    console.log(`Assigned ${result.rows} customers to ${values.out}`);
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
  if (/\.xlsx$/i.test(values.out as string)) {
    // Streamed to the file: memory stays flat whatever the number of customers.
    const out = createWriteStream(values.out as string);
    const { rows } = await service.writeSegmentsXlsx(jobId('export'), modelId, (chunk) => out.write(chunk));
    out.end();
    await once(out, 'finish');
    console.error(`Wrote ${rows} customers to ${values.out}`);
    return 0;
  }
  const out = createWriteStream(values.out as string);
  let rows = -1;
  for (const line of service.segmentsCsvLines(modelId)) {
    rows++;
    if (!out.write(line + '\r\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.error(`Wrote ${rows} customers to ${values.out}`);
  return 0;
}
