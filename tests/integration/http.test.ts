import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { startServe, type ServeHandle } from '../helpers/serve';

const temp = tempDir('segment-http-');
let serve: ServeHandle;

beforeAll(async () => {
  requireBuild();
  serve = await startServe(join(temp.dir, 'http.db'));
});
afterAll(async () => {
  await serve?.stop();
  temp.cleanup();
});

/** A raw request, so Host and Origin can be forged the way a DNS-rebinding page would. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: serve.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${serve.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const call = (name: string, args: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/call/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-segment-studio-token': serve.token, ...headers },
    body: JSON.stringify(args),
  });

describe('browser mode transport', () => {
  it('prints a 127.0.0.1 address with a long random token', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the app with the token, sets an HttpOnly SameSite cookie and a strict CSP', async () => {
    const res = await raw(`/?token=${serve.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    // No inline script or style and no eval: only plotly.js's few exact inline styles, by their hashes.
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    // The page's own meta tag says the same (frame-ancestors only works as a header).
    const html = readFileSync(join(repoRoot, 'renderer', 'index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]).toBe(
      csp.replace("; frame-ancestors 'none'", ''),
    );
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses pages and API calls without the token, or with a wrong one', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/?token=wrong')).status).toBe(401);
    expect((await raw('/api/events')).status).toBe(401);
    const res = await raw('/api/call/listDatasets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect((await call('listDatasets', {}, { 'x-segment-studio-token': 'x'.repeat(32) })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    expect((await raw(`/?token=${serve.token}`, { host: 'evil.example:80' })).status).toBe(421);
    const res = await raw('/api/call/listDatasets', {
      method: 'POST',
      host: `attacker.test:${serve.port}`,
      headers: { 'Content-Type': 'application/json', 'x-segment-studio-token': serve.token },
      body: '{}',
    });
    expect(res.status).toBe(421);
  });

  it('refuses a foreign Origin', async () => {
    expect((await call('listDatasets', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('listDatasets', {}, { Origin: serve.origin })).status).toBe(200);
  });

  it('opens on the bundled sample dataset', async () => {
    const res = await call('listDatasets', {});
    const envelope = JSON.parse(res.body) as { ok: boolean; value: { name: string; rows: number }[] };
    expect(envelope.ok).toBe(true);
    expect(envelope.value[0]).toMatchObject({ name: 'Sample retail customers', rows: 3000 });
  });

  it('validates arguments and answers with a code and a message, never a stack', async () => {
    const bad = JSON.parse((await call('getDataset', { datasetId: 'x' })).body) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const extra = JSON.parse((await call('listDatasets', { sql: 'DROP TABLE datasets' })).body) as { ok: boolean };
    expect(extra.ok).toBe(false);
    const missing = JSON.parse((await call('getModel', { modelId: 424242 })).body) as {
      error: { code: string; message: string };
    };
    expect(missing.error).toEqual({ code: 'MODEL_NOT_FOUND', message: 'There is no model 424242.' });
    const unknown = JSON.parse((await call('deleteEverything', {})).body) as { error: { code: string } };
    expect(unknown.error.code).toBe('UNKNOWN_CALL');
    expect(JSON.stringify([bad, missing])).not.toMatch(/at .*\.js:\d+/);
  });

  it('never takes a path from the page: file names are names, and path arguments are refused', async () => {
    // No call accepts a path: an extra "path" argument is refused by the strict schemas.
    for (const [name, args] of [
      ['importDataset', { jobId: 'job-path-1', fileName: 'x.csv', path: '../../etc/passwd' }],
      ['importModel', { fileName: 'm.segmodel', json: '{}', path: '/etc/passwd' }],
      ['exportSegmentsCsv', { modelId: 1, out: '../../etc/passwd' }],
    ] as const) {
      const envelope = JSON.parse((await call(name, args)).body) as { ok: boolean; error: { code: string } };
      expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    }
    // A file name that looks like a path is only a label: the content imported is what was uploaded.
    const imported = JSON.parse(
      (await call('importDataset', { jobId: 'job-path-2', fileName: '../../etc/passwd', content: 'id,a\n1,2\n2,3\n' }))
        .body,
    ) as { ok: boolean; value: { fileName: string; rows: number; columns: { name: string }[] } };
    expect(imported.ok).toBe(true);
    expect(imported.value.fileName).toBe('passwd');
    expect(imported.value.rows).toBe(2);
    expect(imported.value.columns.map((c) => c.name)).toEqual(['id', 'a']);
  });

  it('streams progress events of a running job over server-sent events', async () => {
    const events: { type: string; jobId: string; stage: string }[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: serve.port,
          path: '/api/events',
          headers: { 'x-segment-studio-token': serve.token },
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const block of buffer.split('\n\n').slice(0, -1)) {
        if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as (typeof events)[number]);
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
    });
    const jobId = 'job-sse-test-1';
    const res = await call('importDataset', { jobId, fileName: 'sse.csv', content: 'id,a,b\n1,2,3\n2,4,5\n' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { rows: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    stream.destroy();
    const stages = events.filter((e) => e.jobId === jobId).map((e) => e.stage);
    expect(stages).toContain('parse');
    expect(stages).toContain('store');
  });

  it('never puts the token in a cookie: the page key opens static files only, not the API or events', async () => {
    const page = await raw(`/?token=${serve.token}`);
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    const [, key] = cookie.split('=');
    expect(cookie).not.toContain(serve.token);
    // A reload (no token in the address) opens with the page key…
    expect((await raw('/', { headers: { Cookie: cookie } })).status).toBe(200);
    // …which gives nothing else, as a cookie or as the token.
    expect((await raw('/api/events', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await call('listDatasets', {}, { Cookie: cookie, 'x-segment-studio-token': key })).status).toBe(401);
  });

  it('answers 400 to a malformed address, never 500', async () => {
    expect((await raw(`/%E0%A4%A?token=${serve.token}`)).status).toBe(400);
    expect((await raw('/api/call/%ZZ', { method: 'POST' })).status).toBe(400);
  });

  it('refuses a body over the call’s limit before reading it', async () => {
    const started = Date.now();
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: serve.port,
          path: '/api/call/listDatasets',
          method: 'POST',
          headers: {
            Host: `127.0.0.1:${serve.port}`,
            'Content-Type': 'application/json',
            'Content-Length': String(100 * 1024 * 1024),
            'x-segment-studio-token': serve.token,
          },
        },
        (r) => resolve(r.statusCode ?? 0),
      );
      req.on('error', reject);
      req.write('{"a":"');
    });
    expect(res).toBe(413);
    expect(Date.now() - started).toBeLessThan(5000);
    // The server is still there.
    expect((await call('listDatasets', {})).status).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await raw(`/..%2F..%2Fpackage.json?token=${serve.token}`);
    expect(res.status).toBe(404);
    const res2 = await raw(`/assets/../../../package.json?token=${serve.token}`);
    expect(res2.body).not.toContain('"segment-studio"');
  });

  it('listens on 127.0.0.1 only', async () => {
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no other interface on this machine to try
    await expect(
      new Promise((resolve, reject) => {
        const req = request({ host: external.address, port: serve.port, path: '/', timeout: 2000 }, resolve);
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end();
      }),
    ).rejects.toThrow();
  });
});
