import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { ConnectionSync } from './resolvers/ConnectionSync.js';
import { checkConnectionNow } from './resolvers/Mutation/checkConnectionNow.js';
import { resyncConnection } from './resolvers/Mutation/resyncConnection.js';
import { connectedEmails } from './resolvers/Query/connectedEmails.js';
import { connection } from './resolvers/Query/connection.js';
import { activityLogged } from './resolvers/Subscription/activityLogged.js';
import { connectionStatusChanged } from './resolvers/Subscription/connectionStatusChanged.js';
import { messageSynced } from './resolvers/Subscription/messageSynced.js';
import { syncProgress } from './resolvers/Subscription/syncProgress.js';

export const syncResolvers: Resolvers = {
  Query: { connectedEmails, connection },
  Mutation: { checkConnectionNow, resyncConnection },
  Subscription: { connectionStatusChanged, syncProgress, messageSynced, activityLogged },
  Connection: ConnectionSync,
  SyncedMessage: {
    connectionId: (m) => m.connection_id,
    messageId: (m) => m.message_id,
    from: (m) => (m.from_json ? JSON.parse(m.from_json) : null),
  },
  EmailActivity: {
    contact: (a, _args, ctx) =>
      ctx.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', a.contact_id)
        .executeTakeFirstOrThrow(),
    messageId: (a) => a.message_id,
    occurredAt: (a) => a.occurred_at,
  },
};
