import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayServices } from './gateway-services.js';
import { createLoaders, type Loaders } from './loaders.js';
import { authenticate, credentialsFrom } from './modules/identity/authenticate.js';
import type { ViewerModel } from './modules/identity/viewer.js';

/** What an HTTP request offers that a WebSocket message does not: setting cookies. */
export interface HttpExchange {
  clientIp: string;
  secure: boolean;
  sessionSecret: string | undefined;
  /** The User-Agent header, recorded with a new session. */
  userAgent: string | undefined;
  setCookie(name: string, value: string, options: { maxAgeSeconds: number }): void;
}

/** The resolver context, built by the same function for HTTP and graphql-ws. */
export interface GatewayContext extends GatewayServices {
  viewer: ViewerModel | null;
  /** Null over graphql-ws. */
  http: HttpExchange | null;
  /** Batched reads for field resolvers (batching only, no cache: a subscription's context lives on; see loaders.ts). */
  loaders: Loaders;
}

export async function buildContext(
  services: GatewayServices,
  headers: IncomingHttpHeaders,
  http: Omit<HttpExchange, 'sessionSecret' | 'userAgent'> | null,
): Promise<GatewayContext> {
  const credentials = credentialsFrom(headers);
  const viewer = await authenticate(services, credentials);
  return {
    ...services,
    viewer,
    http: http
      ? { ...http, sessionSecret: credentials.sessionSecret, userAgent: headers['user-agent'] }
      : null,
    loaders: createLoaders(services.db),
  };
}
