import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { ConnectionRow } from '../../../../db/tables/connection.table.js';
import type { GatewayServices } from '../../../../gateway-services.js';
import type { GatewayTopics } from '../../../../pubsub.js';
import { gatewayError } from '../../../../errors.js';
import { mapStream } from '../../../../event-stream.js';
import { requireViewer, requireWorkspaceAdmin } from '../../../identity/guards.js';
import { findVisibleConnection } from '../../connection-access.js';

// Every subscriber of this process gets the same event object: the row is read once per event, not
// once per subscription (an admin console open in many tabs would otherwise multiply the reads).
const rowsByEvent = new WeakMap<
  GatewayTopics['connectionChanged'],
  Promise<ConnectionRow | undefined>
>();

function currentRow(
  services: Pick<GatewayServices, 'db'>,
  event: GatewayTopics['connectionChanged'],
): Promise<ConnectionRow | undefined> {
  let row = rowsByEvent.get(event);
  if (!row)
    rowsByEvent.set(
      event,
      (row = services.db
        .selectFrom('connections')
        .selectAll()
        .where('id', '=', event.connectionId)
        .executeTakeFirst()),
    );
  return row;
}

/** Who may follow what is decided once, at subscribe time; each event then re-reads the current row. */
export const connectionStatusChanged: NonNullable<
  SubscriptionResolvers['connectionStatusChanged']
> = {
  subscribe: async (_parent, { connectionId, scope }, ctx) => {
    const viewer = requireViewer(ctx);
    if (connectionId) {
      if (!(await findVisibleConnection(ctx, connectionId))) throw gatewayError('FORBIDDEN');
    } else if (scope === 'ALL') {
      requireWorkspaceAdmin(ctx);
    }
    const wanted = (event: GatewayTopics['connectionChanged']) =>
      connectionId
        ? event.connectionId === connectionId
        : scope === 'ALL' || event.userId === viewer.user.id;
    return mapStream(ctx.pubsub.subscribe('connectionChanged', { filter: wanted }), (event) =>
      currentRow(ctx, event),
    );
  },
  resolve: (row: ConnectionRow) => row,
};
