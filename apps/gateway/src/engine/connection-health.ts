import { randomUUID } from 'node:crypto';
import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow, ConnectionStatus } from '../db/tables/connection.table.js';
import { recordConnectionEvents } from './webhooks/webhook-recorder.js';
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
  // The status, its history entry and the webhook event about it commit together.
  await services.db.transaction().execute(async (trx) => {
    await trx
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
      // An error's message is read from its code's catalogue; only notes (no code) store words.
      const event = {
        id: randomUUID(),
        connection_id: connection.id,
        at: now,
        status,
        code: error?.code ?? null,
        message: null,
        step: error?.step ?? null,
      };
      await trx.insertInto('connection_events').values(event).execute();
      await recordConnectionEvents(trx, [event]);
    }
  });
  services.pubsub.publish('connectionChanged', {
    connectionId: connection.id,
    userId: connection.user_id,
  });
}

/** "42 s", "3 min 5 s", "1 h 2 min": how long a pause lasted, for its history entry. */
export function pauseDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${Math.floor(min / 60)} h`;
}

/**
 * History for connections whose sessions this worker stopped while the database was unreachable: the
 * status could not be written then (it still read as before), so the gap is told once it is back, with
 * how long it lasted. One read of the statuses for all of them, one insert.
 */
export async function recordSyncPause(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connections: Pick<ConnectionRow, 'id' | 'user_id'>[],
  from: Date,
  to: Date,
): Promise<void> {
  if (connections.length === 0) return;
  const message = `Sync paused for ${pauseDuration(to.getTime() - from.getTime())} (${from.toISOString()} to ${to.toISOString()}): the database was unavailable.`;
  const current = await services.db
    .selectFrom('connections')
    .select(['id', 'status', 'user_id', 'email'])
    .where(
      'id',
      'in',
      connections.map((c) => c.id),
    )
    .execute();
  if (current.length === 0) return; // all disconnected meanwhile
  const events = current.map((row) => ({
    id: randomUUID(),
    connection_id: row.id,
    at: to.toISOString(),
    status: row.status,
    code: null,
    message,
    step: null,
  }));
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('connection_events').values(events).execute();
    await recordConnectionEvents(trx, events, current);
  });
  const still = new Set(current.map((row) => row.id));
  for (const connection of connections)
    if (still.has(connection.id))
      services.pubsub.publish('connectionChanged', {
        connectionId: connection.id,
        userId: connection.user_id,
      });
}
