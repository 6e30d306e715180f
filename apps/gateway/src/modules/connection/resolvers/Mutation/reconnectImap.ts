import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { requireViewer } from '../../../identity/guards.js';
import { connectImap } from '../../connect-imap.service.js';
import { findOwnConnection } from '../../../../mail/connections.js';

/** Only the owner reconnects: the new password is theirs to give. */
export const reconnectImap: NonNullable<MutationResolvers['reconnectImap']> = async (
  _parent,
  { id, input },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const connection = await findOwnConnection(ctx.db, viewer.user.id, id, 'IMAP');
  if (!connection) return notFound('This connection');
  return connectImap(ctx, viewer, input, connection);
};
