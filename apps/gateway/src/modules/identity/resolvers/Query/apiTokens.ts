import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../guards.js';

export const apiTokens: NonNullable<QueryResolvers['apiTokens']> = (_parent, _args, ctx) => {
  const viewer = requireViewer(ctx);
  return ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', viewer.user.id)
    .orderBy('created_at', 'desc')
    .execute();
};
