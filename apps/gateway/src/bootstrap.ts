import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/database.js';
import { createProviderRegistry } from '@inlet/providers';
import type { GatewayServices } from './gateway-services.js';
import type { GatewayConfig } from './env.js';
import type { Logger } from './logger.js';
import { loadAllowlistFile } from './modules/ip-allowlist/allowlist-file.js';
import { countUsers, insertUser } from './modules/identity/users.js';
import { Metrics } from './metrics.js';
import { PubSub, redisPubSub } from './pubsub.js';
import { SessionCache } from './modules/identity/session-cache.js';
import { createRateLimits } from './rate-limit.js';
import { openVault } from './vault/open-vault.js';
import { SyncControl } from './engine/supervisor-api.js';
import { WebhookRecorder } from './engine/webhooks/webhook-recorder.js';
import { createMailNetwork } from './mail/mail-network.js';
import { CheckProgress } from './modules/connection/check-progress.js';

/** Opens and migrates the database, reads the allowlist file (a bad line stops start-up), creates shared services. */
export async function createServices(
  config: GatewayConfig,
  logger: Logger,
  role: 'gateway' | 'worker' = 'gateway',
): Promise<GatewayServices> {
  const ipAllowlist = loadAllowlistFile(config.ipAllowlistFile);
  const vault = openVault(config.encryption, logger);
  const { db, engine } = openDatabase(config.databaseUrl, {
    onIdleClientError: (err) =>
      logger.warn({ err }, 'an idle database connection was closed by the server'),
  });
  await migrateToLatest(db);
  const pubsub = config.redis
    ? await redisPubSub(config.redis.url, config.redis.prefix, logger)
    : new PubSub();
  const webhooks = new WebhookRecorder({ db, pubsub });
  webhooks.attach();
  return {
    config,
    logger,
    checkProgress: new CheckProgress(pubsub),
    db,
    engine,
    ipAllowlist,
    vault,
    mailNetwork: createMailNetwork(config.mailNetwork),
    pubsub,
    sessions: new SessionCache(pubsub),
    metrics: new Metrics({ db, pubsub, logger, leaseMs: config.syncLeaseMs, role }),
    rateLimits: await createRateLimits(config, logger, { connect: role === 'gateway' }),
    sync: new SyncControl({ db, pubsub }),
    providers: createProviderRegistry({
      imap: { uidValidity: { maxRebuilds: config.uidValidityRebuildsPerHour } },
    }),
    webhooks,
  };
}

/** Closes what createServices opened. */
export async function closeServices(services: GatewayServices): Promise<void> {
  services.sync.close();
  await services.rateLimits.close();
  await services.webhooks.close();
  await services.pubsub.close();
  await services.db.destroy();
}

/** On first run, creates the super admin named by INLET_ADMIN_EMAIL / INLET_ADMIN_PASSWORD, or says how to. */
export async function ensureFirstAdmin(services: GatewayServices): Promise<void> {
  if ((await countUsers(services.db)) > 0) return;
  const first = services.config.firstAdmin;
  if (!first) {
    services.logger.warn(
      'No users yet. Create the first super admin with `npm run create-admin -- --email you@example.com`, ' +
        'or set INLET_ADMIN_EMAIL and INLET_ADMIN_PASSWORD and restart.',
    );
    return;
  }
  const created = await insertUser(services.db, {
    email: first.email,
    name: first.email.split('@')[0]!,
    password: first.password,
    role: 'SUPER_ADMIN',
    seat: 'FULL',
  });
  if ('id' in created)
    services.logger.info(
      { email: created.email },
      'created the first super admin from INLET_ADMIN_EMAIL',
    );
}
