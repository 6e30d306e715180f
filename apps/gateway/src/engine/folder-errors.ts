import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import { nextStoredError, type ErrorToStore } from '../stored-error.js';

/**
 * Records why one folder is not being synced while the connection as a whole is fine (CONNECTED would
 * otherwise hide mail that is silently missing). A repeat of the same code counts up and keeps its
 * first-seen time. Subscribers re-read the connection.
 */
export async function recordFolderError(
  services: Pick<GatewayServices, 'db' | 'pubsub'>,
  connection: Pick<ConnectionRow, 'id' | 'user_id'>,
  path: string,
  error: ErrorToStore,
): Promise<void> {
  const now = new Date().toISOString();
  const current = await services.db
    .selectFrom('folder_errors')
    .select('error_json')
    .where('connection_id', '=', connection.id)
    .where('path', '=', path)
    .executeTakeFirst();
  const stored = nextStoredError(current?.error_json, error, now);
  await services.db
    .insertInto('folder_errors')
    .values({
      connection_id: connection.id,
      path,
      error_json: JSON.stringify(stored),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'path'])
        .doUpdateSet({ error_json: JSON.stringify(stored), updated_at: now }),
    )
    .execute();
  services.pubsub.publish('connectionChanged', {
    connectionId: connection.id,
    userId: connection.user_id,
  });
}

/** The stored errors (JSON) of a connection's folders, by path. */
export async function folderErrors(
  services: Pick<GatewayServices, 'db'>,
  connectionId: string,
): Promise<Map<string, string>> {
  const rows = await services.db
    .selectFrom('folder_errors')
    .select(['path', 'error_json'])
    .where('connection_id', '=', connectionId)
    .execute();
  return new Map(rows.map((r) => [r.path, r.error_json]));
}
