import type { Client } from '@urql/core';
import { createConsoleClient, type ConsoleClient } from './urql';
import { signInPath } from './routes';
import { navigate } from './use-route';

export interface ConsoleSession {
  client: Client;
  /** Changes on every sign-in and sign-out: the console remounts, so no state outlives its session. */
  generation: number;
  /** See ConsoleClient.subscriptionsConnected. */
  subscriptionsConnected(timeoutMs: number): Promise<boolean>;
}

// The session's urql client lives outside React, so StrictMode's double renders cannot create or
// dispose a second one; useConsoleSession() subscribes to it.
let current: (ConsoleSession & { dispose(): void }) | undefined;
let generation = 0;
const listeners = new Set<() => void>();

function open(): ConsoleSession & { dispose(): void } {
  const created: ConsoleClient = createConsoleClient({
    onUnauthenticated() {
      // Late errors from a replaced client, or several failing queries at once, reset only once.
      if (current?.client !== created.client) return;
      queueMicrotask(() => {
        if (current?.client !== created.client) return;
        const { pathname, search } = window.location;
        navigate(signInPath(`${pathname}${search}`), { replace: true });
        resetSession();
      });
    },
  });
  generation += 1;
  return {
    client: created.client,
    dispose: created.dispose,
    subscriptionsConnected: created.subscriptionsConnected,
    generation,
  };
}

export function getConsoleSession(): ConsoleSession {
  current ??= open();
  return current;
}

/** After signing in or out: a fresh cache and a WebSocket carrying the new session cookie. */
export function resetSession(): void {
  current?.dispose();
  current = open();
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
