import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';

export const contact: NonNullable<QueryResolvers['contact']> = async (_parent, { id }, ctx) => {
  requireViewer(ctx);
  return (await ctx.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
};
