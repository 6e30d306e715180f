import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { gatewayError } from '../../../../errors.js';
import { decoyHash, verifyPassword } from '../../password.js';
import { createSession, SESSION_COOKIE } from '../../sessions.js';
import { SignInThrottle } from '../../sign-in-throttle.js';
import { findUserByEmail } from '../../users.js';

const invalid = {
  __typename: 'SignInFailed',
  code: 'INVALID_CREDENTIALS',
  message: 'The email or password is not right.',
} as const;

export const signIn: NonNullable<MutationResolvers['signIn']> = async (_parent, { email, password }, ctx) => {
  if (!ctx.http) throw gatewayError('BAD_USER_INPUT', 'Sign in over HTTP; a WebSocket cannot set the session cookie.');
  const throttle = new SignInThrottle(ctx.rateLimits, ctx.http.clientIp, email);
  // A refusal is logged by the limit that refused, once per window.
  if (!(await throttle.allowed())) {
    return { __typename: 'SignInFailed', code: 'RATE_LIMITED', message: 'Too many sign-in attempts. Wait 15 minutes and try again.' };
  }
  const user = await findUserByEmail(ctx.db, email);
  // Always pay for one hash so response time does not reveal whether the email exists.
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  // A deactivated user gets the same answer as a wrong password: no hint that the account exists.
  if (!user || !user.password_hash || !ok || user.deactivated_at) {
    ctx.logger.warn(throttle.logFields, 'sign-in failed');
    return invalid;
  }

  await throttle.succeeded();
  const { secret, session } = await createSession(ctx.db, user.id, ctx.config.sessionTtlHours);
  ctx.http.setCookie(SESSION_COOKIE, secret, { maxAgeSeconds: ctx.config.sessionTtlHours * 3600 });
  ctx.logger.info({ userId: user.id }, 'signed in');
  return { __typename: 'Viewer', user, authMethod: 'SESSION', tokenScope: null, tokenId: null, session };
};
