import { randomBytes } from 'node:crypto';
import type { AppEvent } from '../../../shared/domain';
import type { Envelope } from '../../../shared/api/names';
import { reportRoute, type PaperSize, type ReportOverrides } from '../../../shared/report/settings';
import { startHttpTransport, type HttpTransport } from '../../server/http';
import { findChromium, printWithChromium } from './chromium';

/**
 * Prints reports with Chromium from a browser-mode server: `serve` passes its own address; the CLI
 * has none, so it starts a private one (127.0.0.1, a fresh token) on first use.
 */
export function chromiumReportPrinter(options: {
  chromiumPath?: string;
  /** The running server's address with its token (browser mode). */
  baseUrl?: () => string;
  /** Or what a private server needs (the CLI). */
  privateServer?: {
    staticDir: string;
    dispatch: (name: string, args: unknown) => Promise<Envelope<unknown>>;
    subscribe?: (listener: (event: AppEvent) => void) => () => void;
  };
}) {
  let server: HttpTransport | null = null;
  const base = async (): Promise<string> => {
    if (options.baseUrl) return options.baseUrl();
    if (!options.privateServer) throw new Error('chromiumReportPrinter needs baseUrl or privateServer');
    server ??= await startHttpTransport({
      token: randomBytes(24).toString('base64url'),
      staticDir: options.privateServer.staticDir,
      dispatch: options.privateServer.dispatch,
      subscribe: options.privateServer.subscribe ?? (() => () => {}),
    });
    return server.url;
  };
  return {
    print: async (modelId: number, overrides: ReportOverrides & { paper: PaperSize }): Promise<Uint8Array> => {
      const executable = findChromium(options.chromiumPath);
      const url = `${await base()}${reportRoute(modelId, overrides)}`;
      return printWithChromium(executable, url, overrides.paper);
    },
    close: async () => {
      await server?.close();
      server = null;
    },
  };
}
