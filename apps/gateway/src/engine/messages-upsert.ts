import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { engineOf } from '../db/database.js';
import { executeTogether } from '../db/execute-together.js';
import type { Database } from '../db/schema.js';
import type { MessageRow } from '../db/tables/sync.table.js';

/** Rows per multi-row INSERT: well below SQLite's cap of 32,766 parameters per statement. */
export const UPSERT_CHUNK = 500;

/** Every column, in the order of each row's parameters. */
const COLUMNS = [
  'id',
  'connection_id',
  'folder',
  'uid',
  'message_id',
  'in_reply_to',
  'references_json',
  'from_json',
  'to_json',
  'cc_json',
  'subject',
  'date',
  'flags_json',
  'snippet',
  'synced_at',
] as const satisfies readonly (keyof MessageRow)[];

/** SQL text per engine and row count. */
const statements = new Map<string, string>();

/**
 * SQLite: the multi-row `INSERT ... ON CONFLICT (connection_id, folder, uid) DO UPDATE` of `rows` rows,
 * built by Kysely once per row count: building and compiling a statement of thousands of values
 * again for every sync batch cost more CPU than SQLite's insert itself.
 */
function upsertSql(db: Kysely<Database>, rows: number): string {
  const key = `${engineOf(db)}:${rows}`;
  let text = statements.get(key);
  if (text) return text;
  const row = Object.fromEntries(COLUMNS.map((c) => [c, ''])) as unknown as MessageRow;
  const compiled = db
    .insertInto('messages')
    .values(Array.from({ length: rows }, () => row))
    .onConflict((oc) =>
      oc.columns(['connection_id', 'folder', 'uid']).doUpdateSet((eb) => ({
        message_id: eb.ref('excluded.message_id'),
        in_reply_to: eb.ref('excluded.in_reply_to'),
        references_json: eb.ref('excluded.references_json'),
        from_json: eb.ref('excluded.from_json'),
        to_json: eb.ref('excluded.to_json'),
        cc_json: eb.ref('excluded.cc_json'),
        subject: eb.ref('excluded.subject'),
        date: eb.ref('excluded.date'),
        flags_json: eb.ref('excluded.flags_json'),
        snippet: eb.ref('excluded.snippet'),
        synced_at: eb.ref('excluded.synced_at'),
      })),
    )
    // A conflicting row keeps its own id: the ids that come back as given are the rows inserted.
    .returning(['id', 'folder', 'uid'])
    .compile();
  // The parameters must be exactly the rows' values, row after row, in COLUMNS order.
  if (compiled.parameters.length !== rows * COLUMNS.length)
    throw new Error(`messages upsert: ${compiled.parameters.length} parameters for ${rows} rows`);
  text = compiled.sql;
  statements.set(key, text);
  return text;
}

/** The columns a conflicting row takes from the new one: all but its identity (id and key). */
const UPDATED = COLUMNS.filter((c) => !['id', 'connection_id', 'folder', 'uid'].includes(c));

/**
 * PostgreSQL: the same upsert with one array parameter per column, whatever the row count. A statement
 * of thousands of parameters is parsed and planned again on every batch; with `unnest` the server sees
 * 15, which cut the store's time in an initial sync by a third (bench/sync-store-ab.ts,
 * BENCH_ENGINE=postgres). Not one JSON parameter: PostgreSQL's JSON parser refuses a lone surrogate
 * (a snippet cut inside an emoji), which text parameters store as U+FFFD.
 */
const POSTGRES_UPSERT =
  `insert into "messages" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) ` +
  `select * from unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c === 'uid' ? 'int8' : 'text'}[]`).join(', ')}) ` +
  `on conflict ("connection_id", "folder", "uid") do update set ` +
  `${UPDATED.map((c) => `"${c}" = excluded."${c}"`).join(', ')} returning "id", "folder", "uid"`;

/**
 * The statements that insert `rows` into messages, a row already there for its (connection, folder, UID)
 * updated instead: one per chunk of rows. `readUpserted` reads their results. The rows of one call are
 * of one connection and unique by (folder, UID).
 */
export function upsertQueries(db: Kysely<Database>, rows: readonly MessageRow[]): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    const chunk = rows.slice(i, i + UPSERT_CHUNK);
    if (engineOf(db) === 'POSTGRES') {
      const columns = COLUMNS.map((column) => chunk.map((row) => row[column]));
      queries.push(CompiledQuery.raw(POSTGRES_UPSERT, columns));
    } else {
      const parameters: unknown[] = [];
      for (const row of chunk) for (const column of COLUMNS) parameters.push(row[column]);
      queries.push(CompiledQuery.raw(upsertSql(db, chunk.length), parameters));
    }
  }
  return queries;
}

/**
 * The ids of the rows `upsertQueries` inserted (not updated). A row that was updated takes the id it
 * is stored under (its `id` is rewritten), so what is published about it names the stored message.
 */
export function readUpserted(
  rows: readonly MessageRow[],
  results: readonly QueryResult<Record<string, unknown>>[],
): Set<string> {
  const inserted = new Set<string>();
  // RETURNING's order is not the rows' order (neither engine promises it): match by key.
  const byKey = new Map(rows.map((row) => [`${row.folder}\n${row.uid}`, row]));
  for (const result of results)
    for (const { id, folder, uid } of result.rows as {
      id: string;
      folder: string;
      uid: number;
    }[]) {
      const row = byKey.get(`${folder}\n${Number(uid)}`);
      if (!row) continue;
      if (row.id === id) inserted.add(id);
      else row.id = id;
    }
  return inserted;
}

/** Inserts or updates `rows` (`upsertQueries`); returns the ids of the rows inserted (`readUpserted`). */
export async function upsertMessages(
  db: Kysely<Database>,
  rows: MessageRow[],
): Promise<Set<string>> {
  return readUpserted(rows, await executeTogether(db, upsertQueries(db, rows)));
}
