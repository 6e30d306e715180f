import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { requireViewer } from '../../guards.js';
import { canManageWorkspace } from '../../viewer.js';

export const revokeApiToken: NonNullable<MutationResolvers['revokeApiToken']> = async (_parent, { id }, ctx) => {
  const viewer = requireViewer(ctx);
  let query = ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', id);
  if (!canManageWorkspace(viewer)) query = query.where('user_id', '=', viewer.user.id);
  const token = await query.executeTakeFirst();
  if (!token) return notFound('This API token');
  const revokedAt = token.revoked_at ?? new Date().toISOString();
  await ctx.db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
  // Refused from now on; the sockets it opened close in every gateway.
  ctx.pubsub.publish('principalRevoked', { tokenId: id, reason: 'API token revoked' });
  return { __typename: 'ApiToken', ...token, revoked_at: revokedAt };
};
