import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { endSession, SESSION_COOKIE } from '../../sessions.js';

/** Idempotent: signing out without a session is not an error. Closes the session's graphql-ws sockets too. */
export const signOut: NonNullable<MutationResolvers['signOut']> = async (_parent, _args, ctx) => {
  if (ctx.http?.sessionSecret) {
    await endSession(ctx.db, ctx.pubsub, ctx.http.sessionSecret);
    ctx.http.setCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0 });
  }
  return true;
};
