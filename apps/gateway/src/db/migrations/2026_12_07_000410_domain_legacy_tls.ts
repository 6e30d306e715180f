import type { Kysely } from 'kysely';

/** An admin's opt-in to TLS 1.0/1.1 for a domain's IMAP and SMTP servers (prefills the user's Advanced option). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('domain_settings')
    .addColumn('allow_legacy_tls', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('domain_settings').dropColumn('allow_legacy_tls').execute();
}
