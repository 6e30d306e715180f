import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { UserRow } from '../../db/tables/user.table.js';
import type { PubSub } from '../../pubsub.js';
import { createHash } from 'node:crypto';
import { hashSecret, newSecret } from './secret-token.js';

export const SESSION_COOKIE = 'inlet_session';

/** Longer User-Agent headers are cut: they only tell the user's sessions apart. */
const MAX_USER_AGENT = 512;
/** lastUsedAt is written at most this often per session: a request is not worth a write. */
export const LAST_USED_PRECISION_MS = 60_000;

/**
 * The id a session has in the API: derived from its stored id (the cookie's hash), so that neither
 * the cookie nor the stored key ever leaves the gateway, and lookups stay by the user's own sessions.
 */
export function sessionRef(storedId: string): string {
  return createHash('sha256').update(`session-ref:${storedId}`).digest('base64url').slice(0, 22);
}

async function touchSession(
  db: Kysely<Database>,
  id: string,
  lastUsedAt: string | null,
): Promise<void> {
  const now = Date.now();
  if (lastUsedAt && now - Date.parse(lastUsedAt) < LAST_USED_PRECISION_MS) return;
  await db
    .updateTable('sessions')
    .set({ last_used_at: new Date(now).toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Creates a session; returns the cookie value (never stored as such) and the session. */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  ttlHours: number,
  userAgent?: string,
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
      user_agent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
      last_used_at: null,
    })
    .execute();
  return { secret, session };
}

export interface FoundSession {
  user: UserRow;
  session: { id: string; expiresAt: string };
}

/** The live session with this stored id (the cookie's hash) and its user; none for an unknown or expired session or a deactivated user. */
export async function findSessionByStoredId(
  db: Kysely<Database>,
  id: string,
): Promise<FoundSession | undefined> {
  const found = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at as session_expires_at',
      'sessions.last_used_at as session_last_used_at',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', new Date().toISOString())
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!found) return undefined;
  const { session_id, session_expires_at, session_last_used_at, ...user } = found;
  await touchSession(db, session_id, session_last_used_at);
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
