import type { Kysely } from 'kysely';
import { oneOf } from '../sql-check.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oauth_apps')
    .addColumn('provider', 'text', (c) =>
      c.primaryKey().check(oneOf('provider', ['GOOGLE', 'MICROSOFT'])),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('endpoints_json', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('oauth_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) =>
      c.notNull().check(oneOf('provider', ['GOOGLE', 'MICROSOFT'])),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.references('connections.id').onDelete('set null'))
    .addColumn('reconnect', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(oneOf('status', ['PENDING', 'CONNECTED', 'FAILED'])),
    )
    .addColumn('error_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('oauth_attempts_user_id')
    .on('oauth_attempts')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['oauth_attempts', 'oauth_apps']) await db.schema.dropTable(table).execute();
}
