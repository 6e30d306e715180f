import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { CLOSE_SESSION_ENDED } from '../../src/live-sockets.js';

export interface Subscribed<T> {
  /** The data of each event, in the order they arrived. */
  events: T[];
  stop(): void;
}

/** Subscribes to a typed operation and collects its events until stop(). */
export function subscribeTo<T, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: V,
): Subscribed<T> {
  const events: T[] = [];
  const stop = client.subscribe<T>(
    { query: print(document), variables },
    {
      next: (message) => void events.push(message.data!),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return { events, stop };
}

/** How the gateway closes a socket whose session or token ended, for `reason` ("Signed out", ...). */
export function sessionEndedClose(reason: string) {
  return { code: CLOSE_SESSION_ENDED, reason };
}
