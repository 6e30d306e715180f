import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../guards.js';

export const users: NonNullable<QueryResolvers['users']> = (_parent, _args, ctx) => {
  requireWorkspaceAdmin(ctx);
  return ctx.db.selectFrom('users').selectAll().orderBy('email').execute();
};
