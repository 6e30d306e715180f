import type { ResolversTypes, UpdateUserInput } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { UserRow } from '../../db/tables/user.table.js';
import { notFound, validationFailed, type FieldProblem } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import { findUserById } from './users.js';
import type { ViewerModel } from './viewer.js';

type Result = ResolversTypes['UpdateUserResult'];

/** What an admin who is not a super admin may not do to this user. */
function adminProblems(target: UserRow, input: UpdateUserInput): FieldProblem[] {
  if (target.role === 'SUPER_ADMIN')
    return [
      {
        field: input.role ? 'role' : 'seat',
        message: 'Only a super admin may change a super admin.',
      },
    ];
  if (input.role === 'SUPER_ADMIN')
    return [{ field: 'role', message: 'Only a super admin may grant the super admin role.' }];
  return [];
}

/**
 * Changes a user's role or seat (SUPER_ADMIN and ADMIN, with adminProblems' limits), audited as
 * user.update. The last super admin keeps the role: on PostgreSQL the super admins' rows are locked
 * first, so two super admins demoting each other at once cannot both succeed (SQLite runs one
 * transaction at a time).
 */
export async function updateUserAccess(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
  input: UpdateUserInput,
): Promise<Result> {
  let changed = false;
  const outcome = await services.db.transaction().execute(async (trx): Promise<Result> => {
    const before = await findUserById(trx, id);
    if (!before) return notFound('This user');
    const after: UserRow = {
      ...before,
      role: input.role ?? before.role,
      seat: input.seat ?? before.seat,
    };
    if (after.role === before.role && after.seat === before.seat)
      return { __typename: 'User', ...before };
    if (viewer.user.role !== 'SUPER_ADMIN') {
      const problems = adminProblems(before, input);
      if (problems.length > 0) return validationFailed(problems);
    }
    if (before.role === 'SUPER_ADMIN' && after.role !== 'SUPER_ADMIN') {
      let superAdmins = trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'SUPER_ADMIN')
        .where('deactivated_at', 'is', null);
      if (services.engine === 'POSTGRES') superAdmins = superAdmins.forUpdate();
      if ((await superAdmins.execute()).length <= 1)
        return validationFailed([
          {
            field: 'role',
            message: 'Keep at least one super admin: make someone else super admin first.',
          },
        ]);
    }
    after.updated_at = new Date().toISOString();
    await trx
      .updateTable('users')
      .set({ role: after.role, seat: after.seat, updated_at: after.updated_at })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, viewer, {
      action: 'user.update',
      targetType: 'User',
      targetId: id,
      before: access(before),
      after: access(after),
    });
    changed = true;
    return { __typename: 'User', ...after };
  });
  // Live subscriptions were authorized under the old role or seat: their sockets close, and the
  // console's client reconnects and subscribes again under the new one.
  if (changed) {
    services.pubsub.publish('viewerChanged', { userId: id });
    services.pubsub.publish('principalRevoked', { userId: id, reason: 'Access changed' });
  }
  return outcome;
}

/** What the audit entry shows of a user: who, and the access that changed. */
function access(user: UserRow) {
  return { email: user.email, role: user.role, seat: user.seat };
}
