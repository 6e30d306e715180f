import type { SubscriptionResolvers, VerificationStepEvent } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';

/** Steps are published per user; a checkId guessed by someone else yields nothing. */
export const connectionCheck: NonNullable<SubscriptionResolvers['connectionCheck']> = {
  subscribe: async function* (_parent, { checkId }, ctx) {
    const viewer = requireViewer(ctx);
    for await (const event of ctx.pubsub.subscribe('connectionCheck')) {
      if (event.userId === viewer.user.id && event.step.checkId === checkId) yield event.step;
    }
  },
  resolve: (step: VerificationStepEvent) => step,
};
