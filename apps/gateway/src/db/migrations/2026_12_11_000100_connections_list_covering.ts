import { PostgresAdapter, type Kysely } from 'kysely';

/** The columns a `connectedEmails` page reads (modules/sync/connection-list-columns.ts), after the sort key. */
const LIST_COLUMNS = [
  'updated_at',
  'email',
  'provider',
  'kind',
  'status',
  'last_synced_at',
  'user_id',
  'last_error_json',
];

/**
 * SQLite: the unfiltered admin list reads its pages from the index alone. Walking the list page after
 * page, each row was a lookup into the table, on a page of its own (the table is in insertion order,
 * the list in created_at order): 161 µs a page against 122 µs for a page read again, and with
 * every list column in the (created_at, id) index 114 µs either way (issue #15: the paging p99). The
 * index replaces the (created_at, id) one, which it starts with. PostgreSQL keeps its index: a B-tree
 * entry there is limited to about 2.7 kB, which an error's JSON could pass.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema
    .createIndex('connections_list_covering')
    .on('connections')
    .columns(['created_at', 'id', ...LIST_COLUMNS])
    .execute();
  await db.schema.dropIndex('connections_created_at_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema
    .createIndex('connections_created_at_id')
    .on('connections')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema.dropIndex('connections_list_covering').execute();
}
