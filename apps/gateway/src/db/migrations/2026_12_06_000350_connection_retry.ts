import type { Kysely } from 'kysely';

/** While a connection is RETRYING: when the runner tries again, and which try that will be. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').addColumn('next_retry_at', 'text').execute();
  await db.schema.alterTable('connections').addColumn('retry_attempt', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').dropColumn('retry_attempt').execute();
  await db.schema.alterTable('connections').dropColumn('next_retry_at').execute();
}
