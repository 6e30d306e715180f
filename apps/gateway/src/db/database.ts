import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { sqliteRowObjects } from './sqlite-row-objects.js';

export type DatabaseEngine = 'SQLITE' | 'POSTGRES';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: DatabaseEngine;
}

/** True for URLs that select PostgreSQL; everything else is a SQLite file path (or `:memory:`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The engine behind `db` (or a transaction of it), for code that is handed a Kysely but no services. */
export function engineOf(db: Kysely<Database>): DatabaseEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'POSTGRES' : 'SQLITE';
}

/** Opens the database named by `url`: a postgres:// URL, or a SQLite file path created on demand. */
export function openDatabase(
  url: string,
  options: { onIdleClientError?: (err: Error) => void } = {},
): OpenedDatabase {
  if (isPostgresUrl(url)) {
    // int8 (UIDs, counts) as numbers: IMAP UIDs are 32-bit, far below 2^53.
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    };
    // Pipelined: statements issued together on one connection (a transaction's independent statements,
    // see the sync store) are written at once and answered in order, one round trip for all of them
    // instead of one each. Nothing here streams rows (pg-cursor), which pipelining refuses.
    const pool = new pg.Pool({ connectionString: url, max: 10, types, pipeline: true });
    // An idle pooled connection the server closes (restart, failover, pg_terminate_backend) is dropped
    // from the pool and replaced on the next query; without a listener it would crash the process.
    pool.on('error', (err) => options.onIdleClientError?.(err));
    // A connection lost while checked out (a query in flight, a transaction between statements) emits
    // 'error' too, and the pool listens only to idle ones: unheard, that error would crash the process
    // in a database outage. The query in flight is rejected with it, and the pool drops the client on
    // release, so nothing else is to be done here.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      engine: 'POSTGRES',
    };
  }
  const file = url.replace(/^sqlite:(\/\/)?/i, '');
  if (file !== ':memory:') createPrivately(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // Every commit fsyncs the WAL (SQLite's default, said here because the sync store relies on it: its
  // batches commit with NORMAL, and the next commit at FULL makes them durable too).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return {
    db: new Kysely<Database>({
      dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
    }),
    engine: 'SQLITE',
  };
}

/** Prepared statements kept per SQL text; the least recently used go beyond this many. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query it runs; preparing costs as much as running a small
 * statement. The same SQL text gets the same prepared statement back (Kysely runs one query at a
 * time on the connection, so a statement is never in use twice).
 */
function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  // Rows built from raw values (sqlite-row-objects.ts).
  const withRowObjects = sqliteRowObjects();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) cache.delete(sql);
      else {
        statement = withRowObjects(sqlite.prepare(sql), sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/**
 * The database holds encrypted secrets and everyone's mail metadata: a folder Inlet creates is 0700, and
 * the file and its WAL and shared-memory files are 0600 (SQLite gives its journals the database file's
 * mode). A folder that already exists is left as the operator made it.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(path)) chmodSync(path, 0o600);
}
