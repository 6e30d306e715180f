import type { ProviderRegistry } from '@inlet/providers';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from './db/database.js';
import type { Database } from './db/schema.js';
import type { SyncControl } from './engine/supervisor-api.js';
import type { WebhookRecorder } from './engine/webhooks/webhook-recorder.js';
import type { GatewayConfig } from './env.js';
import type { Logger } from './logger.js';
import type { MailNetwork } from './mail/mail-network.js';
import type { Metrics } from './metrics.js';
import type { CheckProgress } from './modules/connection/check-progress.js';
import type { IpAllowlist } from './modules/ip-allowlist/allowlist-file.js';
import type { SessionCache } from './modules/identity/session-cache.js';
import type { PubSub } from './pubsub.js';
import type { RateLimits } from './rate-limit.js';
import type { Vault } from './vault/vault.js';

/*
 * A leaf: types only, so every layer can name the services bag without importing the code that builds
 * it (bootstrap.ts) or the request context (context.ts).
 */

/** Built once per gateway process. */
export interface GatewayServices {
  config: GatewayConfig;
  db: Kysely<Database>;
  engine: DatabaseEngine;
  logger: Logger;
  pubsub: PubSub;
  /** Console sessions verified in the last second (authenticate.ts). */
  sessions: SessionCache;
  ipAllowlist: IpAllowlist;
  /** DNS, HTTPS and the SSRF guard for mail traffic. */
  mailNetwork: MailNetwork;
  /** Encrypts and decrypts stored mail credentials. */
  vault: Vault;
  /** Sign-in, connection check and detection limits (shared through Redis when configured). */
  rateLimits: RateLimits;
  /** Sync commands and reports, wherever the sessions run (this process or sync workers). */
  sync: SyncControl;
  /** Prometheus metrics of this process (/metrics). */
  metrics: Metrics;
  /** Live and recent steps of connection checks. */
  checkProgress: CheckProgress;
  /** The provider modules, one per kind. */
  providers: ProviderRegistry;
  /** Records webhook deliveries for the events this process publishes. */
  webhooks: WebhookRecorder;
}
