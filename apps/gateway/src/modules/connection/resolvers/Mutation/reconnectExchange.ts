import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { requireViewer } from '../../../identity/guards.js';
import { connectExchange } from '../../connect-exchange.service.js';
import { findOwnConnection } from '../../../../mail/connections.js';

/** Only the owner reconnects: the new password is theirs to give. */
export const reconnectExchange: NonNullable<MutationResolvers['reconnectExchange']> = async (
  _parent,
  { id, input },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const connection = await findOwnConnection(ctx.db, viewer.user.id, id, 'EXCHANGE');
  if (!connection) return notFound('This connection');
  return connectExchange(ctx, viewer, input, connection);
};
