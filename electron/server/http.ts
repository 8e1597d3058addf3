import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AppEvent } from '../../shared/domain';
import { API_CALL_PATH, EVENTS_PATH, TOKEN_HEADER, type Envelope } from '../../shared/api/names';
import { CONTENT_SECURITY_POLICY } from './csp';

export { TOKEN_HEADER };

/**
 * Largest request body per call, checked before a byte is buffered: files travel as base64 (up to
 * 256 MB of file: 342 MB, plus JSON), a model file up to 64 MB, everything else is small.
 */
const FILE_CALLS = new Set(['importDataset', 'previewImport', 'assignFile']);
export const bodyLimit = (call: string): number =>
  FILE_CALLS.has(call) ? 360 * 1024 * 1024 : call === 'importModel' ? 70 * 1024 * 1024 : 4 * 1024 * 1024;

class BodyTooLarge extends Error {}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface HttpTransportOptions {
  token: string;
  staticDir: string;
  port?: number;
  dispatch: (name: string, args: unknown) => Promise<Envelope<unknown>>;
  /** Subscribe to app events; returns an unsubscribe function. */
  subscribe: (listener: (event: AppEvent) => void) => () => void;
}

export interface HttpTransport {
  server: Server;
  port: number;
  url: string;
  close: () => Promise<void>;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage, cookieName: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  // Refused before reading when the declared length is over the limit; counted while reading otherwise.
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const jsonError = (code: string, message: string) => JSON.stringify({ ok: false, error: { code, message } });

/**
 * Browser mode: the same renderer and API over HTTP, for a normal browser and the e2e tests.
 * Listens on 127.0.0.1 only; Host and Origin must be this server's own (DNS rebinding); no CORS
 * headers are ever sent. The per-launch token reaches the page once in the address, which keeps it
 * in sessionStorage and sends it as a header with every API call and the event stream — never in a
 * cookie, because a browser sends cookies to every port of 127.0.0.1, so any other local server
 * would receive it. Pages and their files need the token in the address or a page key: a cookie
 * derived from the token that opens only this server's static files (a reload), never the API.
 */
export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  const cookieName = `segment_studio_page_${port}`;
  const { token } = options;
  // Opens static files only: leaked to another local server, it gives nothing but the app's own code.
  const pageKey = createHmac('sha256', token).update('static files only').digest('hex');

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'Unknown host');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) return send(res, 403, 'Foreign origin');
    let url: URL;
    let path: string;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      path = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'Malformed address');
    }
    const queryToken = url.searchParams.get('token');
    const headerToken = req.headers[TOKEN_HEADER] as string | undefined;

    if (path.startsWith(API_CALL_PATH)) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      if (!sameToken(headerToken, token)) return send(res, 401, 'Missing or wrong token');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'JSON only');
      const call = path.slice(API_CALL_PATH.length);
      let args: unknown;
      try {
        const body = await readBody(req, bodyLimit(call));
        args = body === '' ? {} : JSON.parse(body);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          res.setHeader('Connection', 'close');
          send(
            res,
            413,
            jsonError('TOO_LARGE', `The request for ${call} is larger than it may be.`),
            'application/json',
          );
          req.destroy();
          return;
        }
        return send(res, 400, jsonError('BAD_REQUEST', 'The request body is not valid JSON.'), 'application/json');
      }
      const envelope = await options.dispatch(call, args);
      return send(res, 200, JSON.stringify(envelope), 'application/json; charset=utf-8');
    }

    if (path === EVENTS_PATH) {
      if (!sameToken(headerToken, token)) return send(res, 401, 'Missing or wrong token');
      if (req.method !== 'GET') return send(res, 405, 'GET only');
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(': connected\n\n');
      const unsubscribe = options.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
      return;
    }

    const authorised =
      sameToken(queryToken, token) || sameToken(cookieToken(req, cookieName), pageKey) || sameToken(headerToken, token);
    if (!authorised)
      return send(res, 401, 'Open the address printed by "npm run serve" (it carries the access token).');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
    const relative = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
    const file = normalize(join(options.staticDir, relative));
    if (!file.startsWith(normalize(options.staticDir) + sep)) return send(res, 404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'Not found');
    }
    if (sameToken(queryToken, token)) {
      res.setHeader('Set-Cookie', `${cookieName}=${pageKey}; HttpOnly; SameSite=Strict; Path=/`);
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
