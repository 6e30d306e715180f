import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { validationFailed } from '../../../../validation.js';
import { createApiToken as insertApiToken } from '../../api-tokens.js';
import { requireViewer } from '../../guards.js';

export const createApiToken: NonNullable<MutationResolvers['createApiToken']> = async (_parent, { input }, ctx) => {
  const viewer = requireViewer(ctx);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    return validationFailed([{ field: 'name', message: 'Enter a name of 1 to 100 characters.' }]);
  }
  const { row, secret } = await insertApiToken(ctx.db, viewer.user.id, name, input.scope);
  return { __typename: 'ApiTokenCreated', token: row, secret };
};
