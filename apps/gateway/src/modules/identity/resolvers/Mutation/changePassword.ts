import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../guards.js';
import { changePassword as change } from '../../my-account.js';

export const changePassword: NonNullable<MutationResolvers['changePassword']> = (
  _parent,
  { currentPassword, newPassword },
  ctx,
) => change(ctx, requireViewer(ctx), currentPassword, newPassword);
