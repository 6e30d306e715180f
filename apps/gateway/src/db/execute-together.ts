import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { engineOf } from './database.js';
import type { Database } from './schema.js';

/**
 * Runs `queries` on one connection of `db` (a transaction's own when `db` is one) and answers their
 * results in the same order. On PostgreSQL they are issued together: the pool's connections pipeline
 * (openDatabase), so statements none of which needs another's answer cost one round trip instead of
 * one each (Kysely would wait for each answer before sending the next); inside a transaction a failure
 * aborts the statements after it. On SQLite, where a statement costs no round trip, they run one after
 * the other and stop at the first failure, so a COMMIT last in the list runs only if every statement
 * before it succeeded. The queries are compiled by the caller (plugins apply there); their rows come back
 * as the driver gives them. The first failure is thrown once every statement issued has been answered.
 */
export function executeTogether(
  db: Kysely<Database>,
  queries: readonly CompiledQuery[],
): Promise<QueryResult<Record<string, unknown>>[]> {
  if (queries.length === 0) return Promise.resolve([]);
  return db.getExecutor().provideConnection(async (connection) => {
    if (engineOf(db) === 'SQLITE') {
      const results: QueryResult<Record<string, unknown>>[] = [];
      for (const query of queries)
        results.push(await connection.executeQuery<Record<string, unknown>>(query));
      return results;
    }
    // Every statement answered before the connection goes back (to its pool, or to the transaction's
    // ROLLBACK): a failure does not leave the others in flight on it.
    const settled = await Promise.allSettled(
      queries.map((query) => connection.executeQuery<Record<string, unknown>>(query)),
    );
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map(
      (r) => (r as PromiseFulfilledResult<QueryResult<Record<string, unknown>>>).value,
    );
  });
}
