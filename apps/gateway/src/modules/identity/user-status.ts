import type { ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { UserRow } from '../../db/tables/user.table.js';
import { recordHealth } from '../../engine/connection-health.js';
import { notFound, validationFailed } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import { findUserById } from './users.js';
import type { ViewerModel } from './viewer.js';

type Result = ResolversTypes['UpdateUserResult'];

/** Why the viewer may not (de)activate this user, or null. */
function refusal(viewer: ViewerModel, target: UserRow, active: boolean): string | null {
  if (target.id === viewer.user.id)
    return active
      ? 'You are active already.'
      : 'You cannot deactivate yourself: ask another admin.';
  if (target.role === 'SUPER_ADMIN' && viewer.user.role !== 'SUPER_ADMIN')
    return 'Only a super admin may deactivate or reactivate a super admin.';
  return null;
}

/**
 * Deactivates (`active` false) or reactivates a user, audited as user.deactivate / user.reactivate.
 * Nothing is deleted. Deactivating ends their sessions and revokes their API tokens in the same
 * transaction, then stops their connections' sync and shows them DISABLED (USER_DEACTIVATED);
 * reactivating restarts those connections. The last active super admin cannot be deactivated: a super
 * admin is needed to do it and may not deactivate themself.
 */
export async function setUserActive(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
  active: boolean,
): Promise<Result> {
  const now = new Date().toISOString();
  const outcome = await services.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) return notFound('This user');
    if ((before.deactivated_at === null) === active)
      return { __typename: 'User' as const, ...before };
    const refused = refusal(viewer, before, active);
    if (refused) return validationFailed([{ field: 'id', message: refused }]);
    const after: UserRow = { ...before, deactivated_at: active ? null : now, updated_at: now };
    await trx
      .updateTable('users')
      .set({ deactivated_at: after.deactivated_at, updated_at: now })
      .where('id', '=', id)
      .execute();
    if (!active) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    }
    const snapshot = (user: UserRow) => ({ email: user.email, deactivatedAt: user.deactivated_at });
    await recordAudit(trx, viewer, {
      action: active ? 'user.reactivate' : 'user.deactivate',
      targetType: 'User',
      targetId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return { __typename: 'User' as const, ...after };
  });
  if (outcome.__typename === 'User' && outcome.updated_at === now) {
    // Their sessions and tokens are gone; the sockets they opened close in every gateway.
    if (!active)
      services.pubsub.publish('principalRevoked', { userId: id, reason: 'User deactivated' });
    await setConnectionsRunning(services, outcome, active);
  }
  return outcome;
}

/**
 * Signs a user out everywhere (a lost laptop, a stolen cookie): every console session of theirs ends
 * at once; API tokens are left alone (revoke those one by one). Same guards as deactivation, except
 * that an admin may end their own sessions. Audited as user.endSessions with how many ended.
 */
export async function endUserSessions(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
): Promise<Result> {
  const outcome = await services.db.transaction().execute(async (trx): Promise<Result> => {
    const user = await findUserById(trx, id);
    if (!user) return notFound('This user');
    if (user.id !== viewer.user.id) {
      const refused = refusal(viewer, user, false);
      if (refused)
        return validationFailed([
          { field: 'id', message: refused.replace('deactivate or reactivate', 'sign out') },
        ]);
    }
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
    await recordAudit(trx, viewer, {
      action: 'user.endSessions',
      targetType: 'User',
      targetId: id,
      before: null,
      after: { email: user.email, sessionsEnded: Number(ended.numDeletedRows) },
    });
    return { __typename: 'User', ...user };
  });
  if (outcome.__typename === 'User')
    services.pubsub.publish('principalRevoked', {
      sessionsOfUserId: id,
      reason: 'Signed out everywhere',
    });
  return outcome;
}

async function setConnectionsRunning(
  services: GatewayServices,
  user: UserRow,
  active: boolean,
): Promise<void> {
  const connections = await services.db
    .selectFrom('connections')
    .select(['id', 'user_id', 'status'])
    .where('user_id', '=', user.id)
    .execute();
  for (const connection of connections) {
    if (active) {
      // A DISABLED connection is parked: ensure claims it, and its runner shows CONNECTING.
      if (connection.status === 'DISABLED') services.sync.ensure(connection.id);
    } else {
      services.sync.remove(connection.id);
      await recordHealth(services, connection, 'DISABLED', {
        code: 'USER_DEACTIVATED',
        step: 'login',
      });
    }
  }
}
