import { sql, type Kysely } from 'kysely';
import { oneOf } from '../sql-check.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('domain_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['IMAP', 'EXCHANGE'])))
    .addColumn('imap_host', 'text')
    .addColumn('imap_port', 'integer')
    .addColumn('imap_security', 'text')
    .addColumn('smtp_host', 'text')
    .addColumn('smtp_port', 'integer')
    .addColumn('smtp_security', 'text')
    .addColumn('allow_insecure_certificate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exchange_url', 'text')
    .addColumn('exchange_usage', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    // A domain has IMAP settings or Exchange settings, never a mix of both.
    .addCheckConstraint(
      'domain_settings_one_kind',
      sql`(kind = 'IMAP' and imap_host is not null and smtp_host is not null and exchange_url is null)
       or (kind = 'EXCHANGE' and exchange_url is not null and imap_host is null and smtp_host is null)`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('domain_settings').execute();
}
