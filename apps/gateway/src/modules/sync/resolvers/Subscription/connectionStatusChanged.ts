import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { ConnectionRow } from '../../../../db/tables/connection.table.js';
import { gatewayError } from '../../../../errors.js';
import { requireViewer, requireWorkspaceAdmin } from '../../../identity/guards.js';
import { findVisibleConnection } from '../../connection-access.js';

/** Who may follow what is decided once, at subscribe time; each event then re-reads the current row. */
export const connectionStatusChanged: NonNullable<SubscriptionResolvers['connectionStatusChanged']> = {
  subscribe: async function* (_parent, { connectionId, scope }, ctx) {
    const viewer = requireViewer(ctx);
    if (connectionId) {
      if (!(await findVisibleConnection(ctx, connectionId))) throw gatewayError('FORBIDDEN');
    } else if (scope === 'ALL') {
      requireWorkspaceAdmin(ctx);
    }
    for await (const event of ctx.pubsub.subscribe('connectionChanged')) {
      const wanted = connectionId ? event.connectionId === connectionId : scope === 'ALL' || event.userId === viewer.user.id;
      if (!wanted) continue;
      const row = await ctx.db.selectFrom('connections').selectAll().where('id', '=', event.connectionId).executeTakeFirst();
      if (row) yield row;
    }
  },
  resolve: (row: ConnectionRow) => row,
};
