import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireRole } from '../../../identity/guards.js';
import { setOAuthApp as save } from '../../oauth-apps.service.js';

export const setOAuthApp: NonNullable<MutationResolvers['setOAuthApp']> = async (
  _parent,
  args,
  ctx,
) => {
  const viewer = requireRole(ctx, ['SUPER_ADMIN']);
  return save(ctx, viewer, args);
};
