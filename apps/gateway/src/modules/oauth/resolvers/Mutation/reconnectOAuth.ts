import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { requireViewer } from '../../../identity/guards.js';
import { ownConnection } from '../../../sync/connection-access.js';
import { startOAuthConnect } from '../../oauth-connect.service.js';
import { oauthSettingsSchema } from '@inlet/providers/oauth';

/** Only the owner reconnects: the sign-in is theirs. The connection, its history and sync state stay. */
export const reconnectOAuth: NonNullable<MutationResolvers['reconnectOAuth']> = async (
  _parent,
  { connectionId },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const connection = await ownConnection(ctx.db, viewer.user.id, connectionId)
    .selectAll()
    .where('provider', 'in', ['GMAIL', 'MICROSOFT_365'])
    .executeTakeFirst();
  if (!connection) return notFound('This connection');
  return startOAuthConnect(
    ctx,
    viewer,
    oauthSettingsSchema.parse(JSON.parse(connection.settings_json)).oauthProvider,
    connection.email,
    connection,
  );
};
