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

/** The statement's parameters that `compiledOnceBinding` fills per call, by slot name. */
const slotPositions = new WeakMap<CompiledQuery, Map<string, number[]>>();

/**
 * `compiledOnce` for a statement some of whose values change from call to call (a page's cursor):
 * `build` puts `slot(name)` where such a value goes, and each call binds `values[name]` there, so one
 * statement serves every value and `key` names only the rest. A slot's placeholder must reach the
 * statement as a bound parameter (a value in a comparison, not an identifier or inlined SQL).
 */
export function compiledOnceBinding<DB, R>(
  db: Kysely<DB>,
  key: string,
  build: (slot: (name: string) => string) => CompiledQuery<R>,
  values: Readonly<Record<string, unknown>>,
): CompiledQuery<R> {
  const query = compiledOnce(db, key, () => {
    // Placeholders no real value equals; found again among the compiled parameters.
    const placeholders = new Map<string, string>();
    const compiled = build((name) => {
      const placeholder = `\u0000slot ${name} ${placeholders.size}\u0000`;
      placeholders.set(placeholder, name);
      return placeholder;
    });
    const positions = new Map<string, number[]>();
    compiled.parameters.forEach((value, i) => {
      const name = typeof value === 'string' ? placeholders.get(value) : undefined;
      if (name !== undefined) positions.set(name, [...(positions.get(name) ?? []), i]);
    });
    if (positions.size !== new Set(placeholders.values()).size)
      throw new Error(`compiledOnceBinding(${key}): a slot is not a bound parameter`);
    slotPositions.set(compiled, positions);
    return compiled;
  });
  const positions = slotPositions.get(query)!;
  if (positions.size === 0) return query;
  const parameters = [...query.parameters];
  for (const [name, at] of positions) for (const i of at) parameters[i] = values[name];
  return { ...query, parameters };
}
