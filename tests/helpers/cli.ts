import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { cliEntry, repoRoot } from './built';

const run = promisify(execFile);

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run the built `segment-studio` CLI; a non-zero exit is returned, not thrown. */
export async function runCli(args: string[], cwd?: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliEntry, ...args], { cwd });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as CliResult;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/**
 * The bundled sample imported, swept (k = 2–6) and trained at k = 4 on `features` in the store at
 * `db`, through the CLI as a user would; returns the model's id. Throws on any failed step.
 */
export async function trainSampleModel(db: string, cwd: string, features: string, name?: string): Promise<number> {
  const cli = async (...args: string[]) => {
    const result = await runCli([...args, '--db', db], cwd);
    if (result.code !== 0) throw new Error(`segment-studio ${args[0]} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as unknown;
  };
  const sample = join(repoRoot, 'resources', 'sample', 'customers.csv');
  const { dataset } = (await cli('import', sample, '--json')) as { dataset: { id: number } };
  const { sweepId } = (await cli('sweep', String(dataset.id), '--features', features, '--k', '2-6', '--json')) as {
    sweepId: number;
  };
  const train = ['train', String(dataset.id), '--features', features, '--k', '4', '--sweep', String(sweepId)];
  const { model } = (await cli(...train, ...(name ? ['--name', name] : []), '--json')) as { model: { id: number } };
  return model.id;
}
