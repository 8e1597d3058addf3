import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import type { Api } from '../../shared/api/contract';
import type { AppEvent } from '../../shared/domain';
import type { Client } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/hooks/useClient';

/** Calls made through the fake API, in order: the name and its arguments. */
export type Calls = { name: keyof Api; args: unknown }[];

/**
 * A typed fake of the app's API: the calls a test answers (each checked against the API's own
 * types), every other call fails loudly naming itself, and every call is recorded.
 */
export function fakeClient(answers: Partial<Api>): { client: Client; calls: Calls; emit: (event: AppEvent) => void } {
  const calls: Calls = [];
  const listeners = new Set<(event: AppEvent) => void>();
  const api = new Proxy({} as Api, {
    get: (_, name: string) => async (args: unknown) => {
      calls.push({ name: name as keyof Api, args });
      const answer = answers[name as keyof Api] as ((a: unknown) => unknown) | undefined;
      if (!answer) throw new Error(`The fake API has no answer for ${name}`);
      return answer(args);
    },
  });
  return {
    client: {
      api,
      mode: 'browser',
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    calls,
    emit: (event) => listeners.forEach((l) => l(event)),
  };
}

/** Render a component with the fake client. */
export function renderWith(client: Client, ui: ReactNode) {
  return render(<ClientProvider client={client}>{ui}</ClientProvider>);
}
