import type { ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import { notFound, validationFailed } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.js';
import { hashSecret, newSecret } from './secret-token.js';
import type { ViewerModel } from './viewer.js';

/** Long enough to reach a colleague who is away for the weekend, short enough not to linger. */
export const PASSWORD_LINK_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Makes a one-time set-password link for a user (an invite, or a reset): the secret is returned once
 * and only its hash is stored. A new link replaces the user's unused ones. Admins make links for
 * anyone but a super admin; nobody makes one for a deactivated user. Audited as user.passwordLink.
 */
export async function createPasswordLink(
  services: GatewayServices,
  viewer: ViewerModel,
  userId: string,
): Promise<ResolversTypes['CreatePasswordLinkResult']> {
  return services.db
    .transaction()
    .execute(async (trx): Promise<ResolversTypes['CreatePasswordLinkResult']> => {
      const user = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) return notFound('This user');
      if (user.deactivated_at)
        return validationFailed([
          { field: 'userId', message: 'This user is deactivated: reactivate them first.' },
        ]);
      if (user.role === 'SUPER_ADMIN' && viewer.user.role !== 'SUPER_ADMIN') {
        return validationFailed([
          {
            field: 'userId',
            message: 'Only a super admin may make a password link for a super admin.',
          },
        ]);
      }
      const secret = newSecret('pl');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS).toISOString();
      await trx
        .deleteFrom('password_links')
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('password_links')
        .values({
          id: hashSecret(secret),
          user_id: userId,
          created_by: viewer.user.id,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          used_at: null,
        })
        .execute();
      await recordAudit(trx, viewer, {
        action: 'user.passwordLink',
        targetType: 'User',
        targetId: userId,
        before: null,
        after: { email: user.email, expiresAt },
      });
      return { __typename: 'PasswordLink', secret, expiresAt, user };
    });
}

const unusable =
  'This link was used already, has expired, or was replaced by a newer one. Ask an admin for a new link.';

/**
 * Sets the password of a link's user (nobody is signed in: the link is the credential), once. The
 * user's sessions end, as after any password change. Audited as user.setPassword by nobody.
 */
export async function setPasswordWithLink(
  services: GatewayServices,
  secret: string,
  password: string,
): Promise<ResolversTypes['SetPasswordWithLinkResult']> {
  if (password.length < MIN_PASSWORD_LENGTH)
    return validationFailed([
      { field: 'password', message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` },
    ]);
  const passwordHash = await hashPassword(password);
  let sessionsEnded: string | undefined;
  const outcome = await services.db
    .transaction()
    .execute(async (trx): Promise<ResolversTypes['SetPasswordWithLinkResult']> => {
      const now = new Date().toISOString();
      const link = await trx
        .selectFrom('password_links')
        .innerJoin('users', 'users.id', 'password_links.user_id')
        .select(['password_links.id as linkId', 'users.id as userId', 'users.email'])
        .where('password_links.id', '=', hashSecret(secret))
        .where('password_links.used_at', 'is', null)
        .where('password_links.expires_at', '>', now)
        .where('users.deactivated_at', 'is', null)
        .executeTakeFirst();
      if (!link) return validationFailed([{ field: 'secret', message: unusable }]);
      // Marked used only if still unused: of two submissions of one link, one wins.
      const claimed = await trx
        .updateTable('password_links')
        .set({ used_at: now })
        .where('id', '=', link.linkId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        return validationFailed([{ field: 'secret', message: unusable }]);
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: now })
        .where('id', '=', link.userId)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', link.userId).execute();
      sessionsEnded = link.userId;
      await recordAudit(trx, null, {
        action: 'user.setPassword',
        targetType: 'User',
        targetId: link.userId,
        before: null,
        after: { email: link.email, through: 'passwordLink' },
      });
      return { __typename: 'PasswordSet', email: link.email };
    });
  // The sessions it ended may have live sockets, here or in another gateway.
  if (sessionsEnded)
    services.pubsub.publish('principalRevoked', {
      sessionsOfUserId: sessionsEnded,
      reason: 'Password set',
    });
  return outcome;
}
