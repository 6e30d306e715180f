import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../guards.js';
import { listOwnSessions } from '../../my-account.js';

export const mySessions: NonNullable<QueryResolvers['mySessions']> = (_parent, _args, ctx) =>
  listOwnSessions(ctx, requireViewer(ctx));
