import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../guards.js';
import { endUserSessions as endSessions } from '../../user-status.js';

export const endUserSessions: NonNullable<MutationResolvers['endUserSessions']> = (
  _parent,
  { id },
  ctx,
) => endSessions(ctx, requireWorkspaceAdmin(ctx), id);
