import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { gatewayError } from '../../../../errors.js';
import { notFound } from '../../../../validation.js';
import { recordRepeatableAudit } from '../../../audit/audit-log.js';
import { requireViewer } from '../../../identity/guards.js';
import { findVisibleConnection } from '../../connection-access.js';
import { requireSyncReachable } from '../../sync-reachable.js';

export const resyncConnection: NonNullable<MutationResolvers['resyncConnection']> = async (
  _parent,
  { id, from },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const since = new Date(from);
  if (Number.isNaN(since.getTime()) || since.getTime() > Date.now())
    throw gatewayError('BAD_USER_INPUT', '`from` must be a date in the past.');
  const row = await findVisibleConnection(ctx, id);
  if (!row) return notFound('This connection');
  requireSyncReachable(ctx);
  ctx.sync.resync(id, since);
  await recordRepeatableAudit(ctx.db, viewer, {
    action: 'connection.resync',
    targetType: 'Connection',
    targetId: id,
    before: null,
    after: { from: since.toISOString() },
  });
  return { __typename: 'Connection', ...row };
};
