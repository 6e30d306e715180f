import type { CompiledQuery, Kysely } from 'kysely';

/** Statements kept per Kysely instance; the least recently used go beyond this many. */
const KEPT = 200;

const byDatabase = new WeakMap<object, Map<string, CompiledQuery>>();

/**
 * The statement `build` compiles, built and compiled once for the same `key` on the same Kysely
 * instance: building a query and compiling it to SQL cost the connectedEmails page as much as
 * running it on SQLite (issue #15). `key` must name everything the statement depends on (every
 * value it binds). Per instance, as a plugin (`withPlugin`) makes a new one whose statements it
 * transforms as they compile; a plugin that only watches compiles sees each key once, and its
 * `transformResult` gets the first compile's query id every time (the gateway's database has no plugins).
 */
export function compiledOnce<DB, R>(
  db: Kysely<DB>,
  key: string,
  build: () => CompiledQuery<R>,
): CompiledQuery<R> {
  let kept = byDatabase.get(db);
  if (!kept) byDatabase.set(db, (kept = new Map()));
  let query = kept.get(key) as CompiledQuery<R> | undefined;
  if (query) kept.delete(key);
  else {
    query = build();
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  }
  kept.set(key, query);
  return query;
}
