import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../guards.js';
import { updateProfile as update } from '../../my-account.js';

export const updateProfile: NonNullable<MutationResolvers['updateProfile']> = (
  _parent,
  { input },
  ctx,
) => update(ctx, requireViewer(ctx), input);
