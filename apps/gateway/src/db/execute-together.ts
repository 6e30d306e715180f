import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `queries` on one connection of `db` (a transaction's own when `db` is one) and answers their
 * results in the same order. They are issued together: on PostgreSQL the pool's connections pipeline
 * (openDatabase), so statements none of which needs another's answer cost one round trip instead of
 * one each; Kysely would wait for each answer before sending the next. On SQLite they run one after the
 * other as issued. The queries are compiled by the caller (plugins apply there); their rows come back
 * as the driver gives them.
 */
export function executeTogether(
  db: Kysely<Database>,
  queries: readonly CompiledQuery[],
): Promise<QueryResult<Record<string, unknown>>[]> {
  return db
    .getExecutor()
    .provideConnection((connection) =>
      Promise.all(queries.map((query) => connection.executeQuery<Record<string, unknown>>(query))),
    );
}
