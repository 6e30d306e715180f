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
  /** Why the previous session ended while the console was open (shown on the sign-in page), if it did. */
  endedBecause: string | null;
  /** Listens for the gateway ending this session's sockets (the reason); returns the unsubscribe. */
  onAccessEvent(listener: (reason: string) => void): () => void;
  /** The reason the gateway last gave for closing this session's sockets; null if it never did. */
  lastAccessEvent(): string | null;
}

// The session's urql client lives outside React, so StrictMode's double renders cannot create or
// dispose a second one; useConsoleSession() subscribes to it.
let current: (ConsoleSession & { dispose(): void }) | undefined;
let generation = 0;
const listeners = new Set<() => void>();

function open(endedBecause: string | null): ConsoleSession & { dispose(): void } {
  const accessListeners = new Set<(reason: string) => void>();
  let lastReason: string | null = null;
  const created: ConsoleClient = createConsoleClient({
    onUnauthenticated() {
      // Late errors from a replaced client, or several failing queries at once, reset only once.
      if (current?.client !== created.client) return;
      queueMicrotask(() => {
        if (current?.client === created.client) endSession(lastReason ?? '');
      });
    },
    onAccessEvent(reason) {
      if (current?.client !== created.client) return;
      lastReason = reason;
      for (const listener of accessListeners) listener(reason);
    },
  });
  generation += 1;
  return {
    client: created.client,
    dispose: created.dispose,
    subscriptionsConnected: created.subscriptionsConnected,
    generation,
    endedBecause,
    onAccessEvent(listener) {
      accessListeners.add(listener);
      return () => accessListeners.delete(listener);
    },
    lastAccessEvent: () => lastReason,
  };
}

export function getConsoleSession(): ConsoleSession {
  current ??= open(null);
  return current;
}

/** After signing in or out: a fresh cache and a WebSocket carrying the new session cookie. */
export function resetSession(endedBecause: string | null = null): void {
  current?.dispose();
  current = open(endedBecause);
  for (const listener of listeners) listener();
}

/**
 * The gateway ended the session (signed out elsewhere, deactivated, ...): to the sign-in page, which
 * says why (`reason` is the gateway's close reason; see sessionEndedSentence), then back here after.
 */
export function endSession(reason: string): void {
  const { pathname, search } = window.location;
  navigate(signInPath(`${pathname}${search}`), { replace: true });
  resetSession(sessionEndedSentence(reason));
}

/** What the sign-in page says about a session the gateway ended, by the close reason it gave. */
export function sessionEndedSentence(reason: string): string {
  switch (reason) {
    case 'User deactivated':
      return 'An admin deactivated your account. Ask an admin if you need it back.';
    case 'Signed out everywhere':
      return 'An admin signed you out everywhere.';
    case 'Signed out elsewhere':
      return 'You signed out of this browser from another one.';
    case 'Session revoked':
      return 'This session was ended from My account in another browser.';
    case 'Password set':
      return 'Your password was set through a password link: sign in with the new one.';
    case 'Password changed':
      return 'Your password was changed in another browser: sign in with the new one.';
    case 'Session expired':
      return 'Your session expired.';
    case 'Signed out':
      return 'You signed out.';
    default:
      return 'Your session has ended.';
  }
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
