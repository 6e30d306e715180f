import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { MessageRow } from '../../../../db/tables/sync.table.js';
import { gatewayError } from '../../../../errors.js';
import { findVisibleConnection } from '../../connection-access.js';

export const messageSynced: NonNullable<SubscriptionResolvers['messageSynced']> = {
  subscribe: async function* (_parent, { connectionId }, ctx) {
    if (!(await findVisibleConnection(ctx, connectionId))) throw gatewayError('FORBIDDEN');
    for await (const event of ctx.pubsub.subscribe('messageSynced')) {
      if (event.connectionId === connectionId) yield event.message;
    }
  },
  resolve: (message: MessageRow) => message,
};
