import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { serveEntry } from './built';

export interface ServeHandle {
  url: string;
  origin: string;
  port: number;
  token: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Start browser mode (`out/main/serve.js`) on a free port and wait for its address. */
export async function startServe(db: string, extra: string[] = []): Promise<ServeHandle> {
  const child = spawn(process.execPath, [serveEntry, '--no-open', '--db', db, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}
