import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireViewer } from '../../guards.js';
import { canManageWorkspace } from '../../viewer.js';

export const revokeApiToken: NonNullable<MutationResolvers['revokeApiToken']> = async (
  _parent,
  { id },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  let query = ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', id);
  if (!canManageWorkspace(viewer)) query = query.where('user_id', '=', viewer.user.id);
  const token = await query.executeTakeFirst();
  if (!token) return notFound('This API token');
  if (token.revoked_at) return { __typename: 'ApiToken', ...token };
  const revoked = { ...token, revoked_at: new Date().toISOString() };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: revoked.revoked_at })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, viewer, {
      action: 'apiToken.revoke',
      targetType: 'ApiToken',
      targetId: id,
      before: token,
      after: revoked,
    });
  });
  // Refused from now on; the sockets it opened close in every gateway.
  ctx.pubsub.publish('principalRevoked', { tokenId: id, reason: 'API token revoked' });
  return { __typename: 'ApiToken', ...revoked };
};
