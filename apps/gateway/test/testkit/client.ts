import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { SignIn } from './documents.js';

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };

export interface Auth {
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
  headers: Headers;
}

export interface GatewayClient {
  execute<T, V>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    auth?: Auth,
  ): Promise<GraphQLResponse<T>>;
  /** An untyped operation (documents a test builds, limits it probes); the test reads the shape it asked for. */
  request(
    query: string,
    variables?: Record<string, unknown>,
    auth?: Auth,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<GraphQLResponse<any>>;
  /** Signs in over HTTP and returns the session cookie. */
  signIn(email?: string, password?: string): Promise<string>;
  /** A lazy graphql-ws client (the caller disposes it). */
  wsClient(auth?: Auth & { origin?: string }): Client;
}

/** HTTP and graphql-ws clients for a gateway at `url`: one in this process, or one a test spawned. */
export function gatewayClient(url: string): GatewayClient {
  const request: GatewayClient['request'] = async (query, variables = {}, auth = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...auth.headers };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse<never>, 'status' | 'headers'>;
    return { ...body, status: res.status, headers: res.headers };
  };
  const execute: GatewayClient['execute'] = (document, variables, auth) =>
    request(print(document), variables as Record<string, unknown>, auth);

  const signIn: GatewayClient['signIn'] = async (
    email = ADMIN.email,
    password = ADMIN.password,
  ) => {
    const res = await execute(SignIn, { email, password });
    if (res.data?.signIn.__typename !== 'Viewer')
      throw new Error(`sign-in failed: ${JSON.stringify(res.data ?? res.errors)}`);
    const cookie = res.headers.get('set-cookie');
    if (!cookie) throw new Error('sign-in set no cookie');
    return cookie.split(';')[0]!;
  };

  return {
    execute,
    request,
    signIn,
    wsClient(auth = {}) {
      const headers: Record<string, string> = {};
      if (auth.cookie) headers.cookie = auth.cookie;
      if (auth.token) headers.authorization = `Bearer ${auth.token}`;
      if (auth.origin) headers.origin = auth.origin;
      class AuthedWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
      return createClient({
        url: `${url.replace('http', 'ws')}/graphql`,
        webSocketImpl: AuthedWebSocket,
        retryAttempts: 0,
        lazy: true,
      });
    },
  };
}

/**
 * The first thing a graphql-ws operation answers: its first result, its errors (an array), or the
 * close event when the socket ends first.
 */
export function firstAnswer(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<unknown> {
  return new Promise((resolve) => {
    const stop = client.subscribe(
      { query, variables },
      {
        next: (value) => {
          resolve(value);
          stop();
        },
        error: resolve,
        complete: () => resolve('complete'),
      },
    );
  });
}
