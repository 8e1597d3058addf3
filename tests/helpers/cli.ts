import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cliEntry } from './built';

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
