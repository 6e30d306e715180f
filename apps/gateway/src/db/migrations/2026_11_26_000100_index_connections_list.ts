import type { Kysely } from 'kysely';

/**
 * The admin list of connections (`connectedEmails`) pages newest first by (created_at, id), often with a
 * status filter. Without these indexes every page read and sorted the whole table. With them both
 * engines walk the index from the cursor and stop after one page:
 * - (created_at, id): the unfiltered list, and the cursor `(created_at, id) < (?, ?)` as an index range;
 * - (status, created_at, id): a status filter in the same order, and its count from the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('connections_created_at_id')
    .on('connections')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('connections_status_created_at_id')
    .on('connections')
    .columns(['status', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['connections_status_created_at_id', 'connections_created_at_id'])
    await db.schema.dropIndex(index).execute();
}
