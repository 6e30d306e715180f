import { randomUUID } from 'node:crypto';
import type { ProviderKind } from '@inlet/providers';
import type { GatewayServices } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ConnectionRow, SecretName } from '../../db/tables/connection.table.js';
import { storeSecret } from '../../vault/secret-store.js';
import { recordAudit } from '../audit/audit-log.js';
import type { ViewerModel } from '../identity/viewer.js';
import { refused, type Refusal } from './connect-refusals.js';

/**
 * Saves a verified connection in one transaction — the row, its encrypted secrets, the first history
 * entry and the audit record — and hands it to sync. The unique email index settles a race with
 * another check of the same address.
 */
export async function saveNewConnection(
  services: GatewayServices,
  viewer: ViewerModel,
  connection: { email: string; provider: ProviderKind; settings: object },
  secrets: Partial<Record<SecretName, string>>,
): Promise<({ __typename: 'Connection' } & ConnectionRow) | Refusal> {
  const now = new Date().toISOString();
  const row: ConnectionRow = {
    id: randomUUID(),
    user_id: viewer.user.id,
    email: connection.email,
    kind: 'PERSONAL',
    provider: connection.provider,
    settings_json: JSON.stringify(connection.settings),
    // Handed to sync: the supervisor picks up CONNECTING connections.
    status: 'CONNECTING',
    last_error_json: null,
    created_at: now,
    updated_at: now,
    last_synced_at: null,
  };
  try {
    await services.db.transaction().execute(async (trx) => {
      await trx.insertInto('connections').values(row).execute();
      for (const [name, value] of Object.entries(secrets) as [SecretName, string | undefined][]) {
        if (value !== undefined) await storeSecret(trx, services.vault, row.id, name, value);
      }
      await trx.insertInto('connection_events').values({ id: randomUUID(), connection_id: row.id, at: now, status: 'CONNECTING', code: null, message: 'Connection verified and saved', step: null }).execute();
      await recordAudit(trx, viewer, { action: 'connection.create', targetType: 'Connection', targetId: row.id, before: null, after: row });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return refused('ALREADY_CONNECTED', `${connection.email} was connected by someone else while Inlet was checking it.`, 'Open My email to see it.');
    throw err;
  }
  services.sync.ensure(row.id);
  services.pubsub.publish('connectionChanged', { connectionId: row.id, userId: row.user_id });
  return { __typename: 'Connection', ...row };
}
