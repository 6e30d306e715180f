import type { Kysely } from 'kysely';

/** The last "Check now": when it was asked for, and once done what it found (JSON, engine/connection-check.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').addColumn('last_check_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').dropColumn('last_check_json').execute();
}
