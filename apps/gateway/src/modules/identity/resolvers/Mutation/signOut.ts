import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { deleteSession, SESSION_COOKIE } from '../../sessions.js';

/** Idempotent: signing out without a session is not an error. */
export const signOut: NonNullable<MutationResolvers['signOut']> = async (_parent, _args, ctx) => {
  if (ctx.http?.sessionSecret) {
    await deleteSession(ctx.db, ctx.http.sessionSecret);
    ctx.http.setCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0 });
  }
  return true;
};
