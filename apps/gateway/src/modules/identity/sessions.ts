import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { UserRow } from '../../db/tables/user.table.js';
import type { PubSub } from '../../pubsub.js';
import { hashSecret, newSecret } from './secret-token.js';

export const SESSION_COOKIE = 'inlet_session';

/** Creates a session; returns the cookie value (never stored as such) and the session. */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  ttlHours: number,
): Promise<{ secret: string; session: { id: string; expiresAt: string } }> {
  const secret = newSecret('s');
  const now = new Date();
  const session = {
    id: hashSecret(secret),
    expiresAt: new Date(now.getTime() + ttlHours * 3_600_000).toISOString(),
  };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: session.expiresAt,
    })
    .execute();
  return { secret, session };
}

/** The live session and its user; none for an unknown or expired session or a deactivated user. */
export async function findSession(
  db: Kysely<Database>,
  secret: string,
): Promise<{ user: UserRow; session: { id: string; expiresAt: string } } | undefined> {
  const found = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id as session_id', 'sessions.expires_at as session_expires_at'])
    .where('sessions.id', '=', hashSecret(secret))
    .where('sessions.expires_at', '>', new Date().toISOString())
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!found) return undefined;
  const { session_id, session_expires_at, ...user } = found;
  return { user, session: { id: session_id, expiresAt: session_expires_at } };
}

/** Ends a session: deleted here, and its graphql-ws sockets closed in every gateway. */
export async function endSession(
  db: Kysely<Database>,
  pubsub: PubSub,
  secret: string,
): Promise<void> {
  const id = hashSecret(secret);
  await db.deleteFrom('sessions').where('id', '=', id).execute();
  pubsub.publish('principalRevoked', { sessionId: id, reason: 'Signed out' });
}
