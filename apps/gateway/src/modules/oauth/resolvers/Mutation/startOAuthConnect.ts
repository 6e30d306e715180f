import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { startOAuthConnect as start } from '../../oauth-connect.service.js';

export const startOAuthConnect: NonNullable<MutationResolvers['startOAuthConnect']> = async (
  _parent,
  { provider, email },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  return start(ctx, viewer, provider, email);
};
