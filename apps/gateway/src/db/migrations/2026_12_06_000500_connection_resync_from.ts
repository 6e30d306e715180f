import type { Kysely } from 'kysely';

/** While a "Resync from date" runs: the date it re-reads from (cleared once the connection is up to date). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').addColumn('resync_from', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').dropColumn('resync_from').execute();
}
