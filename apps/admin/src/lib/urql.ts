import {
  Client,
  cacheExchange,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
  type CombinedError,
} from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';

export interface ConsoleClient {
  client: Client;
  /** Closes the WebSocket; call before replacing the client. */
  dispose(): void;
  /**
   * Resolves true once the WebSocket is connected (at once if it is), false after `timeoutMs`.
   * Start a subscription first (the socket opens lazily), then wait for this before the mutation whose
   * progress it reports, so the first events are not published before the gateway knows the subscriber.
   */
  subscriptionsConnected(timeoutMs: number): Promise<boolean>;
}

export interface ConsoleClientOptions {
  /** Called when the gateway says the session is missing or expired. */
  onUnauthenticated(): void;
  /**
   * Called when the gateway closes the WebSocket because the session ended or the viewer's access
   * changed (close code 4403), with its reason ("Access changed", "User deactivated", ...).
   */
  onAccessEvent(reason: string): void;
}

/** graphql-ws's Forbidden: the gateway ended this session's sockets (see the viewerChanged docs). */
const CLOSE_SESSION_ENDED = 4403;

/** ws(s)://<this host>/graphql: the gateway serves graphql-ws on the same port and path as HTTP. */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') ?? false;
}

/**
 * The console's urql client. A new one is made for every session (sign-in, sign-out): that empties
 * the cache of the previous user's data and reopens the WebSocket, whose session is fixed when it connects.
 */
export function createConsoleClient({
  onUnauthenticated,
  onAccessEvent,
}: ConsoleClientOptions): ConsoleClient {
  const ws = createWsClient({ url: graphqlWsUrl(window.location), lazy: true, retryAttempts: 5 });
  let connected = false;
  const onConnected = new Set<() => void>();
  ws.on('connected', () => {
    connected = true;
    for (const resolve of onConnected) resolve();
    onConnected.clear();
  });
  // A socket being (re)opened is not connected yet, even before the old one reports 'closed'.
  ws.on('connecting', () => {
    connected = false;
  });
  ws.on('closed', (event) => {
    connected = false;
    const { code, reason } = event as Partial<CloseEvent>;
    if (code === CLOSE_SESSION_ENDED) onAccessEvent(reason ?? '');
  });
  const subscriptionsConnected = (timeoutMs: number) =>
    connected
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            resolve(true);
          };
          const timer = setTimeout(() => {
            onConnected.delete(done);
            resolve(false);
          }, timeoutMs);
          onConnected.add(done);
        });
  const client = new Client({
    url: '/graphql',
    // Apollo's CSRF prevention refuses simple GET requests; POST with a JSON body always passes.
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error, operation) {
          // A page's query started before the viewer is known (prefetchPageQuery) is no sign that a
          // session ended: signed out, the viewer query sends the visitor to sign-in without a reason.
          if (isUnauthenticated(error) && !operation.context.prefetch) onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    // dispose() awaits the socket being opened, and rejects when that failed (a socket the gateway
    // just closed, as when a session ends): nothing is left to close then.
    dispose: () => void Promise.resolve(ws.dispose()).catch(() => undefined),
    subscriptionsConnected,
  };
}

/** A sentence for an unexpected failure (thrown GraphQL error or network), never a stack. */
export function describeError(error: CombinedError): string {
  const first = error.graphQLErrors[0];
  if (first) {
    switch (first.extensions?.code) {
      case 'FORBIDDEN':
        return 'You do not have permission to do this.';
      case 'RATE_LIMITED':
        return 'Too many attempts. Wait a few minutes and try again.';
      default:
        return first.message;
    }
  }
  return 'Inlet could not be reached. Check your connection and try again.';
}

/**
 * Why a mutation did not do what was asked: the message of the error result it returned, else the
 * request's error, else `fallback` (nothing came back at all).
 */
export function mutationProblem(
  outcome: object | null | undefined,
  error: CombinedError | undefined,
  fallback = 'Try again.',
): string {
  if (outcome && 'message' in outcome && typeof outcome.message === 'string')
    return outcome.message;
  return error ? describeError(error) : fallback;
}
