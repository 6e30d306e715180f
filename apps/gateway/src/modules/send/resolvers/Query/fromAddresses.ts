import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { fromAddressesOf } from '../../send-email.service.js';

export const fromAddresses: NonNullable<QueryResolvers['fromAddresses']> = async (
  _parent,
  { connectionId },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const connection = await ctx.db
    .selectFrom('connections')
    .select(['email', 'provider', 'settings_json'])
    .where('id', '=', connectionId)
    .where('user_id', '=', viewer.user.id)
    .executeTakeFirst();
  return connection ? fromAddressesOf(ctx.providers, connection) : [];
};
