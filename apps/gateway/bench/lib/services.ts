import { randomUUID } from 'node:crypto';
import { createServices } from '../../src/bootstrap.js';
import type { GatewayServices } from '../../src/context.js';
import type { ConnectionRow } from '../../src/db/tables/connection.table.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import type { ImapSettings } from '../../src/modules/connection/connection-settings.js';
import { generateKeyEntry } from '../../src/vault/keyring.js';
import { storeSecret } from '../../src/vault/secret-store.js';
import { createBenchDatabase, type Engine } from './gateway.js';

export interface BenchServices {
  services: GatewayServices;
  close(): Promise<void>;
}

/** Gateway services (migrated database, vault, pubsub) without an HTTP server, on a fresh database. */
export async function openServices(engine: Engine, env: Record<string, string> = {}): Promise<BenchServices> {
  const database = await createBenchDatabase(engine);
  const config = loadConfig({ DATABASE_URL: database.url, INLET_ENCRYPTION_KEYS: generateKeyEntry('bench1'), LOG_LEVEL: 'silent', ...env });
  const services = await createServices(config, createLogger('silent'));
  return {
    services,
    async close() {
      await services.db.destroy();
      await database.drop();
    },
  };
}

/** A user row without a password (benchmarks never sign these users in). */
export async function insertBenchUser(services: GatewayServices, email: string, role: 'USER' | 'ADMIN' | 'SUPER_ADMIN' = 'USER'): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await services.db.insertInto('users').values({ id, email, name: email.split('@')[0]!, role, seat: 'FULL', password_hash: null, created_at: now, updated_at: now }).execute();
  return id;
}

export function imapSettings(username: string, port: number, host = '127.0.0.1'): ImapSettings {
  return {
    username,
    imap: { host, port, security: 'SSL_TLS' },
    smtp: { host, port: 1, security: 'STARTTLS' },
    smtpSameCredentials: true,
    smtpUsername: null,
    trustAnyCertificate: false,
    pinnedCertificates: { imap: null, smtp: null },
    inboxPath: 'INBOX',
    sentFolder: 'Sent',
    inboxAutomation: false,
  };
}

/** A saved IMAP connection (row + encrypted password), as connectImap leaves it for the supervisor. */
export async function insertImapConnection(
  services: GatewayServices,
  userId: string,
  email: string,
  password: string,
  port: number,
  status: ConnectionRow['status'] = 'CONNECTING',
): Promise<ConnectionRow> {
  const now = new Date().toISOString();
  const row: ConnectionRow = {
    id: randomUUID(),
    user_id: userId,
    email,
    kind: 'PERSONAL',
    provider: 'IMAP',
    settings_json: JSON.stringify(imapSettings(email, port)),
    status,
    last_error_json: null,
    created_at: now,
    updated_at: now,
    last_synced_at: null,
  };
  await services.db.insertInto('connections').values(row).execute();
  await storeSecret(services.db, services.vault, row.id, 'password', password);
  return row;
}
