import type { Kysely } from 'kysely';
import type { ResolversTypes, UpdateProfileInput } from '../../__generated__/resolvers-types.js';
import type { Database } from '../../db/schema.js';
import type { SessionRow } from '../../db/tables/user.table.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { PrincipalRevoked } from '../../pubsub.js';
import { notFound, validationFailed } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.js';
import { sessionRef } from './sessions.js';
import type { ViewerModel } from './viewer.js';

// What a signed-in user does to their own account (the console's My account page): name, password,
// sessions. Each change is audited with the viewer as actor and target.

/** The viewer's console sessions that have not expired, most recently used first. */
export async function listOwnSessions(
  services: Pick<GatewayServices, 'db'>,
  viewer: ViewerModel,
): Promise<SessionRow[]> {
  const rows = await services.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', viewer.user.id)
    .where('expires_at', '>', new Date().toISOString())
    .execute();
  const lastActive = (row: SessionRow) => row.last_used_at ?? row.created_at;
  return rows.sort((a, b) => lastActive(b).localeCompare(lastActive(a)));
}

export async function updateProfile(
  services: GatewayServices,
  viewer: ViewerModel,
  input: UpdateProfileInput,
): Promise<ResolversTypes['UpdateProfileResult']> {
  const name = input.name?.trim();
  if (input.name === null || input.name === undefined || name === viewer.user.name)
    return { __typename: 'User', ...viewer.user };
  if (!name || name.length > 200)
    return validationFailed([{ field: 'name', message: 'Enter a name of 1 to 200 characters.' }]);
  const now = new Date().toISOString();
  const after = await services.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', viewer.user.id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('users')
      .set({ name, updated_at: now })
      .where('id', '=', viewer.user.id)
      .execute();
    await recordAudit(trx, viewer, {
      action: 'user.updateProfile',
      targetType: 'User',
      targetId: viewer.user.id,
      before: { email: before.email, name: before.name },
      after: { email: before.email, name },
    });
    return { ...before, name, updated_at: now };
  });
  // The user's other consoles (tabs, devices) show the new name.
  services.pubsub.publish('viewerChanged', { userId: viewer.user.id });
  return { __typename: 'User', ...after };
}

/**
 * Changes the viewer's password after checking the current one. A wrong current password counts
 * against the account's sign-in limit (the same budget as failed sign-ins), so a borrowed session
 * cannot be used to guess it. Every other console session ends; this one and API tokens stay.
 */
export async function changePassword(
  services: GatewayServices,
  viewer: ViewerModel,
  currentPassword: string,
  newPassword: string,
): Promise<ResolversTypes['ChangePasswordResult']> {
  const account = viewer.user.email;
  const limit = services.rateLimits.signInPerAccount;
  if (!(await limit.take(account, { email: account })))
    return validationFailed([
      {
        field: 'currentPassword',
        message: 'Too many wrong passwords. Wait 15 minutes and try again.',
      },
    ]);
  const stored = await services.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', viewer.user.id)
    .executeTakeFirstOrThrow();
  if (!stored.password_hash || !(await verifyPassword(currentPassword, stored.password_hash))) {
    await recordAudit(services.db, viewer, {
      action: 'user.changePassword.failed',
      targetType: 'User',
      targetId: viewer.user.id,
      before: null,
      after: { email: account, reason: 'WRONG_CURRENT_PASSWORD' },
    });
    return validationFailed([
      { field: 'currentPassword', message: 'This is not your current password.' },
    ]);
  }
  await limit.refund(account);
  if (newPassword.length < MIN_PASSWORD_LENGTH)
    return validationFailed([
      { field: 'newPassword', message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` },
    ]);
  if (newPassword === currentPassword)
    return validationFailed([
      { field: 'newPassword', message: 'Choose a password different from the current one.' },
    ]);
  const passwordHash = await hashPassword(newPassword);
  const sessionsEnded = await services.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
      .where('id', '=', viewer.user.id)
      .execute();
    return endOtherSessions(trx, viewer, 'user.changePassword');
  });
  announceOtherSessionsEnded(services, viewer, 'Password changed');
  return { __typename: 'PasswordChanged', sessionsEnded };
}

/** Ends one of the viewer's own sessions, by its API id; another user's is not found. */
export async function revokeOwnSession(
  services: GatewayServices,
  viewer: ViewerModel,
  ref: string,
): Promise<ResolversTypes['RevokeSessionResult']> {
  const session = (await listOwnSessions(services, viewer)).find((s) => sessionRef(s.id) === ref);
  if (!session) return notFound('This session');
  await services.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', session.id).execute();
    await recordAudit(trx, viewer, {
      action: 'session.revoke',
      targetType: 'Session',
      targetId: ref,
      before: { email: viewer.user.email, userAgent: session.user_agent },
      after: null,
    });
  });
  services.pubsub.publish('principalRevoked', { sessionId: session.id, reason: 'Session revoked' });
  return { __typename: 'Session', ...session };
}

/** Ends every console session of the viewer but the current one (all of them for an API token). */
export async function signOutElsewhere(
  services: GatewayServices,
  viewer: ViewerModel,
): Promise<number> {
  const ended = await services.db
    .transaction()
    .execute((trx) => endOtherSessions(trx, viewer, 'user.signOutElsewhere'));
  announceOtherSessionsEnded(services, viewer, 'Signed out elsewhere');
  return ended;
}

/**
 * Ends every session of the viewer but the current one (all of them for an API token) inside `trx`,
 * and records `action` with how many ended.
 */
async function endOtherSessions(
  trx: Kysely<Database>,
  viewer: ViewerModel,
  action: 'user.changePassword' | 'user.signOutElsewhere',
): Promise<number> {
  const deleted = await trx
    .deleteFrom('sessions')
    .where('user_id', '=', viewer.user.id)
    .where('id', '!=', viewer.session?.id ?? '')
    .executeTakeFirst();
  const count = Number(deleted.numDeletedRows);
  await recordAudit(trx, viewer, {
    action,
    targetType: 'User',
    targetId: viewer.user.id,
    before: null,
    after: { email: viewer.user.email, sessionsEnded: count },
  });
  return count;
}

/** Tells the live sockets of the sessions endOtherSessions ended that they are over. */
function announceOtherSessionsEnded(
  services: GatewayServices,
  viewer: ViewerModel,
  reason: PrincipalRevoked['reason'],
) {
  services.pubsub.publish('principalRevoked', {
    sessionsOfUserId: viewer.user.id,
    exceptSessionId: viewer.session?.id,
    reason,
  });
}
