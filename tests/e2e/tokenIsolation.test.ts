import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp } from '../helpers/browserApp';

type App = Awaited<ReturnType<typeof startBrowserApp>>;
let app: App;
beforeAll(async () => {
  app = await startBrowserApp('segment-token-');
});
afterAll(async () => app?.close());

describe('browser mode keeps its token to itself', () => {
  it('sends nothing that opens the API to another local server, after the app was used in the same browser', async () => {
    // Another program listening on 127.0.0.1 (a dev server, a malicious local page host): it records what it receives.
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    const other = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<p>other server</p>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as AddressInfo).port;
    try {
      // The app has been used: its pages loaded, API calls made, events flowing; then a reload.
      await app.page.reload();
      await app.page.getByRole('heading', { name: 'Sample retail customers' }).waitFor();
      expect(app.page.url()).not.toContain('token=');
      // The same browser visits the other server, as a page and as a fetch from the app's page.
      await app.page.goto(`http://127.0.0.1:${otherPort}/page`);
      await app.page.goBack();
      await app.page.getByRole('heading', { name: 'Sample retail customers' }).waitFor();
      await app.page.evaluate(async (port) => {
        await fetch(`http://127.0.0.1:${port}/fetch`, { mode: 'no-cors', credentials: 'include' }).catch(() => null);
      }, otherPort);
      expect(seen.length).toBeGreaterThan(0);
      for (const request of seen) {
        const everything = JSON.stringify(request);
        expect(everything).not.toContain(app.serve.token);
        // Whatever cookie it received does not open the app's API.
        const cookie = String(request.headers.cookie ?? '');
        for (const value of cookie.split(';').map((c) => c.split('=')[1] ?? '')) {
          const res = await fetch(`http://127.0.0.1:${app.serve.port}/api/call/listDatasets`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'x-segment-studio-token': value, Cookie: cookie },
            body: '{}',
          });
          expect(res.status).toBe(401);
        }
      }
    } finally {
      other.close();
    }
  });
});
