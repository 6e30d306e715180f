import type { ConnectionResolvers } from '../../../__generated__/resolvers-types.js';

/** The sync fields of Connection (the connection module resolves the rest). */
export const ConnectionSync: ConnectionResolvers = {
  folders: (row, _args, ctx) =>
    ctx.db
      .selectFrom('folder_state')
      .select(['path', 'message_count as messageCount', 'last_synced_at as lastSyncedAt'])
      .where('connection_id', '=', row.id)
      .orderBy('path')
      .execute(),
  history: (row, { first }, ctx) =>
    ctx.db
      .selectFrom('connection_events')
      .select(['at', 'status', 'code', 'message', 'step'])
      .where('connection_id', '=', row.id)
      .orderBy('at', 'desc')
      .limit(Math.min(Math.max(first ?? 20, 1), 200))
      .execute(),
  connectionsInUse: (row, _args, ctx) => ctx.sync.connectionsInUse(row.id),
  syncProgress: async (row, _args, ctx) => {
    const progress = await ctx.sync.progress(row.id);
    return progress ? { connectionId: row.id, ...progress } : null;
  },
};
