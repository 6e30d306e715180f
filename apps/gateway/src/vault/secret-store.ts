import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SecretName } from '../db/tables/connection.table.js';
import type { SecretLocation, Vault } from './vault.js';

/**
 * Every encrypted column, in one registry, so key rotation cannot forget one.
 * Each secret is bound to its row (connection id + name) through the AEAD data.
 */
export const secretColumns = [
  { table: 'connection_secrets', column: 'value' },
  { table: 'oauth_apps', column: 'client_secret' },
] as const;
// oauth_attempts.code_verifier is encrypted too but lives 10 minutes: rotation leaves it to expire.

function location(connectionId: string, name: SecretName): SecretLocation {
  return { table: 'connection_secrets', column: 'value', rowId: `${connectionId}/${name}` };
}

export async function storeSecret(
  db: Kysely<Database>,
  vault: Vault,
  connectionId: string,
  name: SecretName,
  plaintext: string,
): Promise<void> {
  const value = vault.encrypt(plaintext, location(connectionId, name));
  const updated_at = new Date().toISOString();
  await db
    .insertInto('connection_secrets')
    .values({ connection_id: connectionId, name, value, updated_at })
    .onConflict((oc) => oc.columns(['connection_id', 'name']).doUpdateSet({ value, updated_at }))
    .execute();
}

/** Decrypts just in time, for building a provider session; never cache the result. */
export async function readSecret(
  db: Kysely<Database>,
  vault: Vault,
  connectionId: string,
  name: SecretName,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('connection_secrets')
    .select('value')
    .where('connection_id', '=', connectionId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? vault.decrypt(row.value, location(connectionId, name)) : undefined;
}

/** Rows per key id, for `npm run keys -- status`. */
export async function secretKeyStatus(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('connection_secrets').select('value').execute();
  const apps = await db.selectFrom('oauth_apps').select('client_secret as value').execute();
  const counts: Record<string, number> = {};
  for (const { value } of [...rows, ...apps]) {
    const kid = value.split(':')[1] ?? 'unknown';
    counts[kid] = (counts[kid] ?? 0) + 1;
  }
  return counts;
}

/** Re-encrypts every secret not under the primary key, in batches; safe to stop and run again. */
export async function rotateSecrets(
  db: Kysely<Database>,
  vault: Vault,
  batchSize = 500,
): Promise<number> {
  let rotated = 0;
  // OAuth app secrets: at most one per provider.
  const apps = await db
    .selectFrom('oauth_apps')
    .select(['provider', 'client_secret'])
    .where('client_secret', 'not like', `v1:${vault.primaryKeyId}:%`)
    .execute();
  for (const app of apps) {
    const where = { table: 'oauth_apps', column: 'client_secret', rowId: app.provider };
    await db
      .updateTable('oauth_apps')
      .set({ client_secret: vault.encrypt(vault.decrypt(app.client_secret, where), where) })
      .where('provider', '=', app.provider)
      .execute();
    rotated += 1;
  }
  for (;;) {
    const batch = await db
      .selectFrom('connection_secrets')
      .selectAll()
      .where('value', 'not like', `v1:${vault.primaryKeyId}:%`)
      .limit(batchSize)
      .execute();
    if (batch.length === 0) return rotated;
    await db.transaction().execute(async (trx) => {
      for (const row of batch) {
        const where = location(row.connection_id, row.name);
        const value = vault.encrypt(vault.decrypt(row.value, where), where);
        await trx
          .updateTable('connection_secrets')
          .set({ value })
          .where('connection_id', '=', row.connection_id)
          .where('name', '=', row.name)
          .execute();
      }
    });
    rotated += batch.length;
  }
}
