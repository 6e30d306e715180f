import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { UserRow } from './db/tables/user.table.js';

/** Batched reads for field resolvers, one set per GraphQL context (built by `buildContext`). */
export interface Loaders {
  /** Users by id (Connection.owner). */
  user: DataLoader<string, UserRow>;
  /** How many connections each user owns, by user id (User.connectionCount on the team page). */
  connectionCount: DataLoader<string, number>;
}

/**
 * `cache: false` keeps DataLoader's batching (the loads of one tick become one query) and drops its
 * memoization. A context is not always one request: graphql-ws builds one per subscription and every
 * event of it executes with that same context, so a cache would serve the first event's rows to all
 * later events; a mutation would also have to clear what it changed. A batch already reads each key
 * once, which is where the saving is.
 */
export function createLoaders(db: Kysely<Database>): Loaders {
  return {
    user: new DataLoader(
      async (ids) => {
        // Without a cache, a key loaded twice in a tick appears twice here.
        const rows = await db
          .selectFrom('users')
          .selectAll()
          .where('id', 'in', [...new Set(ids)])
          .execute();
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? new Error(`no user ${id}`));
      },
      { cache: false },
    ),
    connectionCount: new DataLoader(
      async (userIds) => {
        const rows = await db
          .selectFrom('connections')
          .select((eb) => ['user_id', eb.fn.countAll<string | number>().as('n')])
          .where('user_id', 'in', [...new Set(userIds)])
          .groupBy('user_id')
          .execute();
        const byUser = new Map(rows.map((row) => [row.user_id, Number(row.n)]));
        return userIds.map((id) => byUser.get(id) ?? 0);
      },
      { cache: false },
    ),
  };
}
