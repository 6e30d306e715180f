import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../guards.js';
import { revokeOwnSession } from '../../my-account.js';

export const revokeSession: NonNullable<MutationResolvers['revokeSession']> = (
  _parent,
  { id },
  ctx,
) => revokeOwnSession(ctx, requireViewer(ctx), id);
