import type { ErrorCode } from '../../../shared/errorCodes';
import type { Api, CallArgs, CallResult } from '../../../shared/api/contract';
import {
  API_CALL_PATH,
  callNames,
  EVENTS_PATH,
  TOKEN_HEADER,
  type CallName,
  type DesktopBridge,
  type Envelope,
} from '../../../shared/api/names';
import type { AppEvent } from '../../../shared/domain';

declare global {
  interface Window {
    segmentStudio?: DesktopBridge;
  }
}

/** An error returned by the API: `code` is stable, `message` is for people. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Client {
  api: Api;
  onEvent(listener: (event: AppEvent) => void): () => void;
  mode: 'desktop' | 'browser';
}

const TOKEN_KEY = 'segment-studio-token';

function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', window.location.pathname + window.location.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function unwrap<T>(envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  throw new ApiError(envelope.error.code, envelope.error.message);
}

function buildApi(call: (name: CallName, args: unknown) => Promise<Envelope<unknown>>): Api {
  const entries = callNames.map((name) => [
    name,
    async (args: CallArgs<typeof name>) => unwrap<CallResult<typeof name>>(await call(name, args)),
  ]);
  return Object.fromEntries(entries) as Api;
}

function desktopClient(bridge: DesktopBridge): Client {
  return { api: buildApi((name, args) => bridge.calls[name](args)), onEvent: bridge.onEvent, mode: 'desktop' };
}

function browserClient(): Client {
  const token = browserToken();
  const listeners = new Set<(event: AppEvent) => void>();
  let listening = false;
  const api = buildApi(async (name, args) => {
    const response = await fetch(`${API_CALL_PATH}${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(args ?? {}),
    });
    if (response.status !== 200) {
      return {
        ok: false,
        error: {
          // The transport's refusals, as the API's codes (a 413 or 400 carries its own JSON body).
          code:
            response.status === 413
              ? 'TOO_LARGE'
              : response.status === 401 || response.status === 403
                ? 'FORBIDDEN'
                : response.status === 400
                  ? 'BAD_REQUEST'
                  : 'INTERNAL',
          message: (await response.text()) || response.statusText,
        },
      };
    }
    return (await response.json()) as Envelope<unknown>;
  });
  return {
    api,
    mode: 'browser',
    onEvent(listener) {
      listeners.add(listener);
      if (!listening) {
        listening = true;
        void readEvents(token, (event) => {
          for (const l of listeners) l(event);
        });
      }
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * The server's event stream (server-sent events), read with fetch so that the token travels as a
 * header (EventSource cannot send one, and a cookie would reach every local server); reconnects
 * after a break.
 */
async function readEvents(token: string, deliver: (event: AppEvent) => void): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(EVENTS_PATH, { headers: { [TOKEN_HEADER]: token } });
      if (response.status === 401 || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data) deliver(JSON.parse(data) as AppEvent);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // The server went away or the connection broke: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The same API object over Electron IPC (desktop) or HTTP (browser mode). */
export function createClient(): Client {
  return window.segmentStudio ? desktopClient(window.segmentStudio) : browserClient();
}

export const newJobId = (): string => `job-${crypto.randomUUID()}`;
