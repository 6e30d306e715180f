import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { MessageRow } from '../../../../db/tables/sync.table.js';
import { gatewayError } from '../../../../errors.js';
import { mapStream } from '../../../../event-stream.js';
import { findVisibleConnection } from '../../connection-access.js';

export const messageSynced: NonNullable<SubscriptionResolvers['messageSynced']> = {
  subscribe: async (_parent, { connectionId }, ctx) => {
    if (!(await findVisibleConnection(ctx, connectionId))) throw gatewayError('FORBIDDEN');
    return mapStream(
      ctx.pubsub.subscribe('messageSynced', {
        filter: (event) => event.connectionId === connectionId,
      }),
      (event) => event.message,
    );
  },
  resolve: (message: MessageRow) => message,
};
