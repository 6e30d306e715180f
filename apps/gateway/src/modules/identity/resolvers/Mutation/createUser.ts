import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { validationFailed } from '../../../../validation.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireRole } from '../../guards.js';
import { insertUser, validateNewUser, type NewUser } from '../../users.js';

export const createUser: NonNullable<MutationResolvers['createUser']> = async (
  _parent,
  { input },
  ctx,
) => {
  const viewer = requireRole(ctx, ['SUPER_ADMIN']);
  const newUser: NewUser = {
    ...input,
    password: input.password ?? null,
    role: input.role ?? 'USER',
    seat: input.seat ?? 'FULL',
  };
  const problems = validateNewUser(newUser);
  if (problems.length > 0) return validationFailed(problems);
  const created = await insertUser(ctx.db, newUser);
  if (!('id' in created)) return validationFailed([created]);
  await recordAudit(ctx.db, viewer, {
    action: 'user.create',
    targetType: 'User',
    targetId: created.id,
    before: null,
    after: created,
  });
  return { __typename: 'User', ...created };
};
