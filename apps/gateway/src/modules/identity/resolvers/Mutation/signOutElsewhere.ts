import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../guards.js';
import { signOutElsewhere as signOut } from '../../my-account.js';

export const signOutElsewhere: NonNullable<MutationResolvers['signOutElsewhere']> = async (
  _parent,
  _args,
  ctx,
) => ({ sessionsEnded: await signOut(ctx, requireViewer(ctx)) });
