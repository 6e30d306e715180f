import type {
  SubscriptionResolvers,
  SyncProgress,
} from '../../../../__generated__/resolvers-types.js';
import { gatewayError } from '../../../../errors.js';
import { mapStream } from '../../../../event-stream.js';
import { findVisibleConnection } from '../../connection-access.js';

export const syncProgress: NonNullable<SubscriptionResolvers['syncProgress']> = {
  subscribe: async (_parent, { connectionId }, ctx) => {
    if (!(await findVisibleConnection(ctx, connectionId))) throw gatewayError('FORBIDDEN');
    return mapStream(
      ctx.pubsub.subscribe('syncProgress', {
        filter: (event) => event.connectionId === connectionId,
      }),
      (event) => ({
        connectionId,
        folder: event.folder,
        done: event.done,
        total: event.total,
      }),
    );
  },
  resolve: (progress: SyncProgress) => progress,
};
