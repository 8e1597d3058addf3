import type { Api, CallArgs, CallResult } from '../../../shared/api/contract';
import { callNames, type CallName, type DesktopBridge, type Envelope } from '../../../shared/api/names';
import type { AppEvent } from '../../../shared/domain';

declare global {
  interface Window {
    segmentStudio?: DesktopBridge;
  }
}

/** An error returned by the API: `code` is stable, `message` is for people. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
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

const TOKEN_HEADER = 'x-segment-studio-token';
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
  let source: EventSource | null = null;
  const api = buildApi(async (name, args) => {
    const response = await fetch(`/api/call/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(args ?? {}),
    });
    if (response.status !== 200) {
      return {
        ok: false,
        error: { code: `HTTP_${response.status}`, message: (await response.text()) || response.statusText },
      };
    }
    return (await response.json()) as Envelope<unknown>;
  });
  return {
    api,
    mode: 'browser',
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        // The page's HttpOnly cookie authorises the event stream.
        source = new EventSource('/api/events');
        source.onmessage = (message) => {
          const event = JSON.parse(message.data as string) as AppEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The same API object over Electron IPC (desktop) or HTTP (browser mode). */
export function createClient(): Client {
  return window.segmentStudio ? desktopClient(window.segmentStudio) : browserClient();
}

export const newJobId = (): string => `job-${crypto.randomUUID()}`;
