import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../guards.js';
import { setUserActive } from '../../user-status.js';

export const deactivateUser: NonNullable<MutationResolvers['deactivateUser']> = (
  _parent,
  { id },
  ctx,
) => setUserActive(ctx, requireWorkspaceAdmin(ctx), id, false);
