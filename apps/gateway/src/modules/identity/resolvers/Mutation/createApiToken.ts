import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { validationFailed } from '../../../../validation.js';
import { createApiToken as insertApiToken } from '../../api-tokens.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireViewer } from '../../guards.js';

export const createApiToken: NonNullable<MutationResolvers['createApiToken']> = async (
  _parent,
  { input },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    return validationFailed([{ field: 'name', message: 'Enter a name of 1 to 100 characters.' }]);
  }
  const { row, secret } = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertApiToken(trx, viewer.user.id, name, input.scope);
    // The secret and its hash are never recorded (audit-log.ts drops token/hash keys).
    await recordAudit(trx, viewer, {
      action: 'apiToken.create',
      targetType: 'ApiToken',
      targetId: created.row.id,
      before: null,
      after: created.row,
    });
    return created;
  });
  return { __typename: 'ApiTokenCreated', token: row, secret };
};
