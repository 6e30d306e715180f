import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../guards.js';
import { updateUserAccess } from '../../user-access.js';

export const updateUser: NonNullable<MutationResolvers['updateUser']> = (
  _parent,
  { id, input },
  ctx,
) => updateUserAccess(ctx, requireWorkspaceAdmin(ctx), id, input);
