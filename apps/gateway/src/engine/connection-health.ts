import { randomUUID } from 'node:crypto';
import type { ProviderError } from '@inlet/providers';
import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow, ConnectionStatus } from '../db/tables/connection.table.js';

interface StoredError {
  code: string;
  message: string;
  hint: string;
  step: string;
  firstSeenAt: string;
  count: number;
}

/**
 * Records a connection's new status (and error), keeps the error's first-seen time and repeat count,
 * writes history only when something changed (a retry loop does not flood it), and tells subscribers.
 */
export async function recordHealth(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connection: Pick<ConnectionRow, 'id' | 'user_id'>,
  status: ConnectionStatus,
  error?: Pick<ProviderError, 'code' | 'message' | 'hint' | 'step'>,
  extra: { lastSyncedAt?: string } = {},
): Promise<void> {
  const now = new Date().toISOString();
  const current = await services.db.selectFrom('connections').select(['status', 'last_error_json']).where('id', '=', connection.id).executeTakeFirst();
  if (!current) return; // disconnected meanwhile
  const previous = current.last_error_json ? (JSON.parse(current.last_error_json) as StoredError) : null;
  const lastError: StoredError | null = error
    ? {
        code: error.code,
        message: error.message,
        hint: error.hint,
        step: error.step,
        firstSeenAt: previous?.code === error.code ? previous.firstSeenAt : now,
        count: previous?.code === error.code ? previous.count + 1 : 1,
      }
    : null;
  const changed = current.status !== status || (error?.code ?? null) !== (previous?.code ?? null);
  await services.db
    .updateTable('connections')
    .set({
      status,
      last_error_json: lastError ? JSON.stringify(lastError) : status === 'CONNECTED' || status === 'SYNCING' ? null : current.last_error_json,
      updated_at: now,
      ...(extra.lastSyncedAt ? { last_synced_at: extra.lastSyncedAt } : {}),
    })
    .where('id', '=', connection.id)
    .execute();
  if (changed) {
    await services.db
      .insertInto('connection_events')
      .values({ id: randomUUID(), connection_id: connection.id, at: now, status, code: error?.code ?? null, message: error?.message ?? null, step: error?.step ?? null })
      .execute();
  }
  services.pubsub.publish('connectionChanged', { connectionId: connection.id, userId: connection.user_id });
}
