import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { gatewayError } from '../../../../errors.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { decoyHash, verifyPassword } from '../../password.js';
import { createSession, SESSION_COOKIE } from '../../sessions.js';
import { SignInThrottle } from '../../sign-in-throttle.js';
import { findUserByEmail, normalizeEmail } from '../../users.js';
import type { ViewerModel } from '../../viewer.js';

const invalid = {
  __typename: 'SignInFailed',
  code: 'INVALID_CREDENTIALS',
  message: 'The email or password is not right.',
} as const;

export const signIn: NonNullable<MutationResolvers['signIn']> = async (
  _parent,
  { email, password },
  ctx,
) => {
  if (!ctx.http)
    throw gatewayError(
      'BAD_USER_INPUT',
      'Sign in over HTTP; a WebSocket cannot set the session cookie.',
    );
  const throttle = new SignInThrottle(ctx.rateLimits, ctx.http.clientIp, email);
  // A refusal is logged by the limit that refused, once per window (and not audited: it costs an attacker nothing).
  if (!(await throttle.allowed())) {
    return {
      __typename: 'SignInFailed',
      code: 'RATE_LIMITED',
      message: 'Too many sign-in attempts. Wait 15 minutes and try again.',
    };
  }
  const user = await findUserByEmail(ctx.db, email);
  // Always pay for one hash so response time does not reveal whether the email exists.
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  // Audited with the address and the client's IP, never the password. An address that is no user's is
  // recorded as such, so admins see attempts at guessing accounts.
  const attempt = { email: normalizeEmail(email).slice(0, 320), clientIp: ctx.http.clientIp };
  if (!user || !user.password_hash || !ok) {
    ctx.logger.warn(throttle.logFields, 'sign-in failed');
    const target = user
      ? { targetType: 'User', targetId: user.id }
      : { targetType: 'Email', targetId: attempt.email };
    await recordAudit(ctx.db, null, {
      action: 'signIn.failed',
      ...target,
      before: null,
      after: { ...attempt, reason: 'INVALID_CREDENTIALS' },
    });
    return invalid;
  }

  await throttle.succeeded();
  // Told only to whoever knows the password: anyone else gets INVALID_CREDENTIALS above.
  if (user.deactivated_at) {
    await recordAudit(ctx.db, null, {
      action: 'signIn.failed',
      targetType: 'User',
      targetId: user.id,
      before: null,
      after: { ...attempt, reason: 'DEACTIVATED' },
    });
    return {
      __typename: 'SignInFailed',
      code: 'DEACTIVATED',
      message: 'Your account is deactivated. Ask an admin to reactivate it.',
    };
  }
  const { secret, session } = await createSession(
    ctx.db,
    user.id,
    ctx.config.sessionTtlHours,
    ctx.http.userAgent,
  );
  const viewer: ViewerModel = {
    user,
    authMethod: 'SESSION',
    tokenScope: null,
    tokenId: null,
    session,
  };
  await recordAudit(ctx.db, viewer, {
    action: 'signIn.succeeded',
    targetType: 'User',
    targetId: user.id,
    before: null,
    after: attempt,
  });
  ctx.http.setCookie(SESSION_COOKIE, secret, { maxAgeSeconds: ctx.config.sessionTtlHours * 3600 });
  ctx.logger.info({ userId: user.id }, 'signed in');
  return { __typename: 'Viewer', ...viewer };
};
