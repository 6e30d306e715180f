import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { pageSize } from '../../../../pagination.js';
import { requireViewer } from '../../../identity/guards.js';

export const outbox: NonNullable<QueryResolvers['outbox']> = (_parent, { first }, ctx) => {
  const viewer = requireViewer(ctx);
  return ctx.db
    .selectFrom('outbox')
    .selectAll()
    .where('user_id', '=', viewer.user.id)
    .orderBy('created_at', 'desc')
    .limit(pageSize(first))
    .execute();
};
