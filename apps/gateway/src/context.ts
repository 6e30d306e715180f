import type { IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from './db/database.js';
import type { Database } from './db/schema.js';
import type { GatewayConfig } from './env.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { authenticate, credentialsFrom } from './modules/identity/authenticate.js';
import type { ViewerModel } from './modules/identity/viewer.js';
import type { CheckProgress } from './modules/connection/check-progress.js';
import type { MailNetwork } from './modules/connection/mail-network.js';
import type { IpAllowlist } from './modules/ip-allowlist/allowlist-file.js';
import type { PubSub } from './pubsub.js';
import type { RateLimiter } from './rate-limit.js';
import type { SyncControl } from './sync/supervisor-api.js';
import type { Vault } from './vault/vault.js';

/** Built once per gateway process. */
export interface GatewayServices {
  config: GatewayConfig;
  db: Kysely<Database>;
  engine: DatabaseEngine;
  logger: Logger;
  pubsub: PubSub;
  ipAllowlist: IpAllowlist;
  /** DNS, HTTPS and the SSRF guard for mail traffic. */
  mailNetwork: MailNetwork;
  /** Encrypts and decrypts stored mail credentials. */
  vault: Vault;
  signInLimiter: RateLimiter;
  /** Connection checks per user: each one opens sockets to outside servers. */
  connectLimiter: RateLimiter;
  /** Sync commands and reports, wherever the sessions run (this process or sync workers). */
  sync: SyncControl;
  /** Prometheus metrics of this process (/metrics). */
  metrics: Metrics;
  /** Live and recent steps of connection checks. */
  checkProgress: CheckProgress;
}

/** What an HTTP request offers that a WebSocket message does not: setting cookies. */
export interface HttpExchange {
  clientIp: string;
  secure: boolean;
  sessionSecret: string | undefined;
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
  http: Omit<HttpExchange, 'sessionSecret'> | null,
): Promise<GatewayContext> {
  const credentials = credentialsFrom(headers);
  const viewer = await authenticate(services.db, credentials);
  return { ...services, viewer, http: http ? { ...http, sessionSecret: credentials.sessionSecret } : null, loaders: createLoaders(services.db) };
}
