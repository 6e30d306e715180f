import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { UserRow } from '../../db/tables/user.table.js';
import { hashSecret, newSecret } from './secret-token.js';

export const SESSION_COOKIE = 'inlet_session';

/** Creates a session and returns the cookie value (never stored as such). */
export async function createSession(db: Kysely<Database>, userId: string, ttlHours: number): Promise<string> {
  const secret = newSecret('s');
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: hashSecret(secret),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlHours * 3_600_000).toISOString(),
    })
    .execute();
  return secret;
}

export async function findSessionUser(db: Kysely<Database>, secret: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.id', '=', hashSecret(secret))
    .where('sessions.expires_at', '>', new Date().toISOString())
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(secret)).execute();
}
