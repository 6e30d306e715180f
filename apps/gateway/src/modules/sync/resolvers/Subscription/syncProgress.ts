import type { SubscriptionResolvers, SyncProgress } from '../../../../__generated__/resolvers-types.js';
import { gatewayError } from '../../../../errors.js';
import { findVisibleConnection } from '../../connection-access.js';

export const syncProgress: NonNullable<SubscriptionResolvers['syncProgress']> = {
  subscribe: async function* (_parent, { connectionId }, ctx) {
    if (!(await findVisibleConnection(ctx, connectionId))) throw gatewayError('FORBIDDEN');
    for await (const event of ctx.pubsub.subscribe('syncProgress')) {
      if (event.connectionId === connectionId) yield { connectionId, folder: event.folder, done: event.done, total: event.total };
    }
  },
  resolve: (progress: SyncProgress) => progress,
};
