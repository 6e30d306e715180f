import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';

export const ipAllowlist: NonNullable<QueryResolvers['ipAllowlist']> = (_parent, _args, ctx) => {
  requireViewer(ctx);
  return ctx.ipAllowlist;
};
