import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { findVisibleConnection } from '../../connection-access.js';
import { requireSyncReachable } from '../../sync-reachable.js';

export const checkConnectionNow: NonNullable<MutationResolvers['checkConnectionNow']> = async (_parent, { id }, ctx) => {
  const row = await findVisibleConnection(ctx, id);
  if (!row) return notFound('This connection');
  requireSyncReachable(ctx);
  ctx.sync.checkNow(id);
  return { __typename: 'Connection', ...row };
};
