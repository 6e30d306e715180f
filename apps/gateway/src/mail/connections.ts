import type { ProviderKind } from '@inlet/providers';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';

/*
 * The reads of the connections table that every layer shares. The writers live with what they write:
 * save-connection.ts (connect, reconnect), engine/connection-health.ts (status and errors).
 */

type Db = Kysely<Database>;

export function findConnection(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A connection sync may run: one whose owner is not deactivated (their inboxes stay DISABLED until reactivated). */
export function findSyncableConnection(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('connections')
    .innerJoin('users', 'users.id', 'connections.user_id')
    .selectAll('connections')
    .where('connections.id', '=', id)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function findConnections(db: Db, ids: readonly string[]): Promise<ConnectionRow[]> {
  return ids.length === 0
    ? []
    : db
        .selectFrom('connections')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
}

/** One of a user's own connections, optionally of one kind (reconnect is the owner's alone). */
export function findOwnConnection(
  db: Db,
  userId: string,
  id: string,
  kind?: ProviderKind,
): Promise<ConnectionRow | undefined> {
  let query = db
    .selectFrom('connections')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId);
  if (kind) query = query.where('provider', '=', kind);
  return query.executeTakeFirst();
}

/** A user's own connection of an address, if they connected it. */
export function findOwnConnectionByEmail(
  db: Db,
  userId: string,
  email: string,
): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('connections')
    .selectAll()
    .where('email', '=', email)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Who connected an address, if anyone (an address is connected at most once). */
export function findConnectionOwner(
  db: Db,
  email: string,
): Promise<{ user_id: string } | undefined> {
  return db
    .selectFrom('connections')
    .select(['user_id'])
    .where('email', '=', email)
    .executeTakeFirst();
}
