import type { Kysely } from 'kysely';

/** What each synced folder is to the account (INBOX, SENT, OTHER), as its session says with every batch. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('folder_state').addColumn('role', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('folder_state').dropColumn('role').execute();
}
