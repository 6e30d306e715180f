import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireRole } from '../../../identity/guards.js';
import { listOAuthApps } from '../../oauth-apps.service.js';

export const oauthApps: NonNullable<QueryResolvers['oauthApps']> = async (_parent, _args, ctx) => {
  requireRole(ctx, ['SUPER_ADMIN']);
  return listOAuthApps(ctx);
};
