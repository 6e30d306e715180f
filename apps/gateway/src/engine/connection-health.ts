import { randomUUID } from 'node:crypto';
import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow, ConnectionStatus } from '../db/tables/connection.table.js';
import { nextStoredError, storedErrorCode, type ErrorToStore } from '../stored-error.js';

/**
 * Records a connection's new status (and error), keeps the error's first-seen time and repeat count,
 * writes history only when something changed (a retry loop does not flood it), and tells subscribers.
 */
export async function recordHealth(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connection: Pick<ConnectionRow, 'id' | 'user_id'>,
  status: ConnectionStatus,
  error?: ErrorToStore,
  extra: { lastSyncedAt?: string; retry?: { at: string; attempt: number } } = {},
): Promise<void> {
  const now = new Date().toISOString();
  const current = await services.db
    .selectFrom('connections')
    .select(['status', 'last_error_json'])
    .where('id', '=', connection.id)
    .executeTakeFirst();
  if (!current) return; // disconnected meanwhile
  // DISABLED (its owner was deactivated) is left only through a restart, which shows CONNECTING first:
  // a report from a session still stopping must not show it syncing again.
  if (current.status === 'DISABLED' && status !== 'CONNECTING' && status !== 'DISABLED') return;
  const lastError = error ? nextStoredError(current.last_error_json, error, now) : null;
  const changed =
    current.status !== status || (error?.code ?? null) !== storedErrorCode(current.last_error_json);
  await services.db
    .updateTable('connections')
    .set({
      status,
      last_error_json: lastError
        ? JSON.stringify(lastError)
        : status === 'CONNECTED' || status === 'SYNCING'
          ? null
          : current.last_error_json,
      updated_at: now,
      ...(extra.lastSyncedAt ? { last_synced_at: extra.lastSyncedAt } : {}),
      // Up to date: a resync that was running is over.
      ...(status === 'CONNECTED' ? { resync_from: null } : {}),
      next_retry_at: extra.retry?.at ?? null,
      retry_attempt: extra.retry?.attempt ?? null,
    })
    .where('id', '=', connection.id)
    .execute();
  if (changed) {
    await services.db
      .insertInto('connection_events')
      // An error's message is read from its code's catalogue; only notes (no code) store words.
      .values({
        id: randomUUID(),
        connection_id: connection.id,
        at: now,
        status,
        code: error?.code ?? null,
        message: null,
        step: error?.step ?? null,
      })
      .execute();
  }
  services.pubsub.publish('connectionChanged', {
    connectionId: connection.id,
    userId: connection.user_id,
  });
}

/**
 * History for connections whose sessions this worker stopped while the database was unreachable: the
 * status could not be written then (it still read as before), so the gap is told once it is back.
 */
export async function recordSyncPause(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connections: Pick<ConnectionRow, 'id' | 'user_id'>[],
  from: Date,
  to: Date,
): Promise<void> {
  const message = `Sync paused from ${from.toISOString()} to ${to.toISOString()}: the database was unavailable.`;
  for (const connection of connections) {
    const current = await services.db
      .selectFrom('connections')
      .select('status')
      .where('id', '=', connection.id)
      .executeTakeFirst();
    if (!current) continue;
    await services.db
      .insertInto('connection_events')
      .values({
        id: randomUUID(),
        connection_id: connection.id,
        at: to.toISOString(),
        status: current.status,
        code: null,
        message,
        step: null,
      })
      .execute();
    services.pubsub.publish('connectionChanged', {
      connectionId: connection.id,
      userId: connection.user_id,
    });
  }
}
