import type { Kysely } from 'kysely';

/** A deactivated user keeps their row (and everything that points at it) but cannot sign in. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
