import type { Kysely } from 'kysely';

/** Why a folder of a connection is not being synced right now (the connection itself may be fine). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('folder_errors')
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('error_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('folder_errors_pk', ['connection_id', 'path'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('folder_errors').execute();
}
