import { randomUUID } from 'node:crypto';
import type { ProviderKind } from '@inlet/providers';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GatewayServices } from '../../gateway-services.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ConnectionRow, SecretName } from '../../db/tables/connection.table.js';
import { storeSecret } from '../../vault/secret-store.js';
import { recordConnectionEvents } from '../../engine/webhooks/webhook-recorder.js';
import { recordAudit } from '../audit/audit-log.js';
import type { ViewerModel } from '../identity/viewer.js';
import { alreadyConnected, type Refusal } from './connect-refusals.js';

/** A personal connection row as it is first saved: new id, created now, handed to sync (the supervisor picks up CONNECTING connections). */
export function newConnectionRow(
  fields: Pick<ConnectionRow, 'user_id' | 'email' | 'provider' | 'settings_json'>,
): ConnectionRow {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    kind: 'PERSONAL',
    ...fields,
    status: 'CONNECTING',
    last_error_json: null,
    created_at: now,
    updated_at: now,
    last_synced_at: null,
    next_retry_at: null,
    retry_attempt: null,
    resync_from: null,
    last_check_json: null,
  };
}

/**
 * Saves a verified connection in one transaction — the row, its encrypted secrets, the first history
 * entry and the audit record — and hands it to sync. Every connect flow (IMAP, Exchange, OAuth) uses it. The unique email index settles a race with
 * another check of the same address.
 */
export async function saveNewConnection(
  services: GatewayServices,
  viewer: ViewerModel,
  connection: { email: string; provider: ProviderKind; settings: object },
  secrets: Partial<Record<SecretName, string>>,
  message = 'Connection verified and saved',
): Promise<({ __typename: 'Connection' } & ConnectionRow) | Refusal> {
  const row = newConnectionRow({
    user_id: viewer.user.id,
    email: connection.email,
    provider: connection.provider,
    settings_json: JSON.stringify(connection.settings),
  });
  try {
    await services.db.transaction().execute(async (trx) => {
      await trx.insertInto('connections').values(row).execute();
      for (const [name, value] of Object.entries(secrets) as [SecretName, string | undefined][]) {
        if (value !== undefined) await storeSecret(trx, services.vault, row.id, name, value);
      }
      await recordConnecting(trx, viewer, 'connection.create', null, row, message);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Connected meanwhile, while Inlet was checking it: say by whom, as before the check.
    const refusal = await alreadyConnected(services, viewer, connection.email);
    if (refusal) return refusal;
    throw err;
  }
  handToSync(services, row);
  return { __typename: 'Connection', ...row };
}

/**
 * Reconnect: replaces a connection's settings and secrets after a successful check, keeping its id,
 * history and sync state. A secret given as null is removed (e.g. SMTP now shares the IMAP password).
 */
export async function replaceConnectionCredentials(
  services: GatewayServices,
  viewer: ViewerModel,
  current: ConnectionRow,
  settings: object,
  secrets: Partial<Record<SecretName, string | null>>,
  message: string,
): Promise<{ __typename: 'Connection' } & ConnectionRow> {
  const now = new Date().toISOString();
  const row: ConnectionRow = {
    ...current,
    settings_json: JSON.stringify(settings),
    status: 'CONNECTING',
    last_error_json: null,
    updated_at: now,
  };
  await services.db.transaction().execute(async (trx) => {
    await trx.updateTable('connections').set(row).where('id', '=', row.id).execute();
    for (const [name, value] of Object.entries(secrets) as [
      SecretName,
      string | null | undefined,
    ][]) {
      if (typeof value === 'string') await storeSecret(trx, services.vault, row.id, name, value);
      else if (value === null)
        await trx
          .deleteFrom('connection_secrets')
          .where('connection_id', '=', row.id)
          .where('name', '=', name)
          .execute();
    }
    await recordConnecting(trx, viewer, 'connection.reconnect', current, row, message);
  });
  handToSync(services, row);
  return { __typename: 'Connection', ...row };
}

/** The supervisor (re)starts the session from the stored row; subscribers re-read it. */
function handToSync(services: GatewayServices, row: ConnectionRow): void {
  services.sync.ensure(row.id);
  services.pubsub.publish('connectionChanged', { connectionId: row.id, userId: row.user_id });
}

/** The history entry ("handed to sync", with `message`) and the audit record of a saved connection. */
async function recordConnecting(
  trx: Kysely<Database>,
  viewer: ViewerModel,
  action: 'connection.create' | 'connection.reconnect',
  before: ConnectionRow | null,
  row: ConnectionRow,
  message: string,
): Promise<void> {
  const event = {
    id: randomUUID(),
    connection_id: row.id,
    at: row.updated_at,
    status: 'CONNECTING' as const,
    code: null,
    message,
    step: null,
  };
  await trx.insertInto('connection_events').values(event).execute();
  await recordConnectionEvents(trx, [event]);
  await recordAudit(trx, viewer, {
    action,
    targetType: 'Connection',
    targetId: row.id,
    before,
    after: row,
  });
}
