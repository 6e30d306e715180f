import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import type { OAuthFailure } from '../../oauth-connect.service.js';

/** Only the user who started the attempt sees it. */
export const oauthAttempt: NonNullable<QueryResolvers['oauthAttempt']> = async (
  _parent,
  { id },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const attempt = await ctx.db
    .selectFrom('oauth_attempts')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', viewer.user.id)
    .executeTakeFirst();
  if (!attempt) return null;
  const connection =
    attempt.status === 'CONNECTED' && attempt.connection_id
      ? await ctx.db
          .selectFrom('connections')
          .selectAll()
          .where('id', '=', attempt.connection_id)
          .where('user_id', '=', viewer.user.id)
          .executeTakeFirst()
      : undefined;
  const error = attempt.error_json ? (JSON.parse(attempt.error_json) as OAuthFailure) : null;
  return {
    __typename: 'OAuthAttempt',
    id: attempt.id,
    provider: attempt.provider,
    email: attempt.email,
    status: attempt.status,
    error: error ? { __typename: 'OAuthConnectFailed', ...error } : null,
    connection: connection ?? null,
  };
};
