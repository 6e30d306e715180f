import type { Kysely } from 'kysely';
import { BatchLoader } from './batch-loader.js';
import type { Database } from './db/schema.js';
import type { UserRow } from './db/tables/user.table.js';

/** Batched reads for field resolvers, one set per GraphQL context (see BatchLoader). */
export interface Loaders {
  /** Users by id (Connection.owner). */
  user: BatchLoader<string, UserRow>;
}

export function createLoaders(db: Kysely<Database>): Loaders {
  return {
    user: new BatchLoader(
      async (ids) => {
        const rows = await db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
        return new Map(rows.map((row) => [row.id, row]));
      },
      (id) => new Error(`no user ${id}`),
    ),
  };
}
