import type { Kysely } from 'kysely';

/**
 * Ownership of connections by sync processes (the gateway's own supervisor or `npm run worker`): a
 * process runs a connection's session only while it holds an unexpired lease on it, so every
 * connection has exactly one owner however many processes run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sync_leases')
    .addColumn('connection_id', 'text', (c) =>
      c.primaryKey().references('connections.id').onDelete('cascade'),
    )
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sessions_in_use', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_json', 'text')
    .execute();
  await db.schema
    .createIndex('sync_leases_worker_id')
    .on('sync_leases')
    .column('worker_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['sync_leases', 'sync_workers']) await db.schema.dropTable(table).execute();
}
