import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ApiTokenRow, TokenScope } from '../../db/tables/api-token.table.js';
import type { UserRow } from '../../db/tables/user.table.js';
import { hashSecret, newSecret } from './secret-token.js';

export async function createApiToken(
  db: Kysely<Database>,
  userId: string,
  name: string,
  scope: TokenScope,
): Promise<{ row: ApiTokenRow; secret: string }> {
  const secret = newSecret('inlet');
  const row: ApiTokenRow = {
    id: randomUUID(),
    user_id: userId,
    name,
    scope,
    prefix: secret.slice(0, 12),
    token_hash: hashSecret(secret),
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { row, secret };
}

/** The live token and its owner, or undefined for an unknown or revoked token or a deactivated owner. Records the use. */
export async function findTokenUser(
  db: Kysely<Database>,
  secret: string,
): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
  const token = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!token) return undefined;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', token.user_id)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!user) return undefined;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date().toISOString() })
    .where('id', '=', token.id)
    .execute();
  return { token, user };
}
