import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { ownConnection } from '../../../sync/connection-access.js';
import { fromAddressesOf } from '../../send-email.service.js';

export const fromAddresses: NonNullable<QueryResolvers['fromAddresses']> = async (
  _parent,
  { connectionId },
  ctx,
) => {
  const connection = await ownConnection(ctx.db, requireViewer(ctx).user.id, connectionId)
    .select(['email', 'provider', 'settings_json'])
    .executeTakeFirst();
  return connection ? fromAddressesOf(ctx.providers, connection) : [];
};
