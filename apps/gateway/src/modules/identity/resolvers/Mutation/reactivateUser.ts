import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireRole } from '../../guards.js';

export const reactivateUser: NonNullable<MutationResolvers['reactivateUser']> = async (_parent, { id }, ctx) => {
  const viewer = requireRole(ctx, ['SUPER_ADMIN']);
  const before = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) return notFound('This user');
  if (!before.deactivated_at) return { __typename: 'User', ...before };
  const now = new Date().toISOString();
  const after = { ...before, deactivated_at: null, updated_at: now };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ deactivated_at: null, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, viewer, { action: 'user.reactivate', targetType: 'User', targetId: id, before, after });
  });
  return { __typename: 'User', ...after };
};
