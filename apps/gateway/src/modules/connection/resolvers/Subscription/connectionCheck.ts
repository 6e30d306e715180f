import type {
  ResolversTypes,
  SubscriptionResolvers,
} from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';

/** The viewer's own check only: a checkId guessed by someone else yields nothing. */
export const connectionCheck: NonNullable<SubscriptionResolvers['connectionCheck']> = {
  subscribe: (_parent, { checkId }, ctx) =>
    ctx.checkProgress.follow(requireViewer(ctx).user.id, checkId),
  resolve: (step: Awaited<ResolversTypes['VerificationStepEvent']>) => step,
};
