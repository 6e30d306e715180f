import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { recordCheckRequested } from '../../../../engine/connection-check.js';
import { recordRepeatableAudit } from '../../../audit/audit-log.js';
import { requireViewer } from '../../../identity/guards.js';
import { findVisibleConnection } from '../../connection-access.js';
import { requireSyncReachable } from '../../sync-reachable.js';

export const checkConnectionNow: NonNullable<MutationResolvers['checkConnectionNow']> = async (
  _parent,
  { id },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const row = await findVisibleConnection(ctx, id);
  if (!row) return notFound('This connection');
  requireSyncReachable(ctx);
  // Running at once for every console watching; the process that runs the connection records the end.
  const check = await recordCheckRequested(ctx, row);
  ctx.sync.checkNow(id);
  await recordRepeatableAudit(ctx.db, viewer, {
    action: 'connection.checkNow',
    targetType: 'Connection',
    targetId: id,
    before: null,
    after: null,
  });
  return { __typename: 'Connection', ...row, ...check };
};
