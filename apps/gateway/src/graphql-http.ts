import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import express from 'express';
import proxyaddr from 'proxy-addr';
import type { HeadersMiddleware } from './http-security.js';

/** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: the same host's (a local reverse proxy). */
const trustedProxy = proxyaddr.compile('loopback');

/** The client's address: the socket's, or what a trusted proxy says it forwarded for. */
export function clientIpOf(req: IncomingMessage): string {
  return proxyaddr(req, trustedProxy) || 'unknown';
}

/** Whether the request reached the first trusted hop over TLS (the socket's own, or a trusted proxy's word). */
export function requestedOverTls(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustedProxy(req.socket.remoteAddress ?? '', 0)) return false;
  const forwarded = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first === 'https';
}

/** The answer to a request that could not be read (bad JSON, too large) or that failed outside GraphQL. */
export function sendRequestError(res: ServerResponse, status: number): void {
  const internal = status === 500;
  const body = JSON.stringify({
    errors: [
      {
        message: internal ? 'Internal server error' : 'The request could not be read.',
        extensions: { code: internal ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' },
      },
    ],
  });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** The status a body-reading error asks for: the client's (4xx) when it is one, else 500. */
export function requestErrorStatus(err: { status?: number }): number {
  return err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
}

export interface GraphqlHttpOptions<TContext extends BaseContext> {
  /** Headers every answer carries (http-security.ts). */
  headers: HeadersMiddleware;
  context: (exchange: { req: IncomingMessage; res: ServerResponse }) => Promise<TContext>;
  /** A failure outside GraphQL (Apollo itself threw): logged, answered 500. */
  onError: (err: unknown) => void;
}

/**
 * POST and GET /graphql served by Apollo straight from Node's HTTP server, without express. Express
 * gives every request its own prototype (`Object.setPrototypeOf(req, app.request)`); V8 then kept
 * a third of each request's objects alive through the next scavenge and promoted them to the old
 * generation, so every scavenge copied 3-5 MB and paused 8-16 ms under load (issue #15: the API's
 * p99). Apollo's HTTP request API (`executeHTTPGraphQLRequest`) is what express's integration calls.
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: GraphqlHttpOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const readJson = express.json({ limit: '1mb' }) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: (err?: { status?: number }) => void,
  ) => void;
  const answer = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: query === -1 ? '' : url.slice(query),
        body: req.body,
      },
      context: () => options.context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    // Incremental delivery (@defer): chunks as Apollo yields them.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    options.headers(req, res, () =>
      readJson(req, res, (err) => {
        if (err) return sendRequestError(res, requestErrorStatus(err));
        answer(req, res).catch((error: unknown) => {
          options.onError(error);
          if (!res.headersSent) sendRequestError(res, 500);
          else res.destroy();
        });
      }),
    );
  };
}

/** Whether a request is for the GraphQL endpoint itself (its sub-paths, e.g. the SDL file, are express's). */
export function isGraphqlEndpoint(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url === '/graphql' || url.startsWith('/graphql?');
}
