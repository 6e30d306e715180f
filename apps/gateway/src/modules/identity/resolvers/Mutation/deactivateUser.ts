import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound, validationFailed } from '../../../../validation.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireRole } from '../../guards.js';

export const deactivateUser: NonNullable<MutationResolvers['deactivateUser']> = async (_parent, { id }, ctx) => {
  const viewer = requireRole(ctx, ['SUPER_ADMIN']);
  if (id === viewer.user.id) return validationFailed([{ field: 'id', message: 'You cannot deactivate yourself.' }]);
  const before = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) return notFound('This user');
  if (before.deactivated_at) return { __typename: 'User', ...before };
  const now = new Date().toISOString();
  const after = { ...before, deactivated_at: now, updated_at: now };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ deactivated_at: now, updated_at: now }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, viewer, { action: 'user.deactivate', targetType: 'User', targetId: id, before, after });
  });
  // Their sessions are gone and their tokens refused from now on; their open sockets close in every gateway.
  ctx.pubsub.publish('principalRevoked', { userId: id, reason: 'User deactivated' });
  return { __typename: 'User', ...after };
};
