import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';

export const myConnections: NonNullable<QueryResolvers['myConnections']> = (
  _parent,
  _args,
  ctx,
) => {
  const viewer = requireViewer(ctx);
  return ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('user_id', '=', viewer.user.id)
    .orderBy('created_at')
    .execute();
};
