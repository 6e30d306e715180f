import type { FolderRole } from '@inlet/providers';
import type {
  ConnectionResolvers,
  ResolversTypes,
} from '../../../__generated__/resolvers-types.js';
import { readLastCheck } from '../../../engine/connection-check.js';
import { folderErrors } from '../../../engine/folder-errors.js';
import { readHistoryEvent, readStoredError } from '../../../stored-error.js';

/** A folder no session has named yet: INBOX is the only name IMAP reserves. */
const roleByName = (path: string): FolderRole =>
  path.toUpperCase() === 'INBOX' ? 'INBOX' : 'OTHER';

const syncPauseMessages = { DATABASE_UNAVAILABLE: 'Sync paused: database unavailable' } as const;

/** The sync fields of Connection (the connection module resolves the rest). */
export const ConnectionSync: ConnectionResolvers = {
  folders: async (row, _args, ctx) => {
    const [synced, errors] = await Promise.all([
      ctx.db
        .selectFrom('folder_state')
        .select(['path', 'role', 'message_count as messageCount', 'last_synced_at as lastSyncedAt'])
        .where('connection_id', '=', row.id)
        .execute(),
      folderErrors(ctx, row.id),
    ]);
    // A folder that failed before its first sync has no state yet, but is listed with its error.
    const folders: Awaited<ResolversTypes['FolderStatus']>[] = synced.map((f) => ({
      ...f,
      role: f.role ?? roleByName(f.path),
      error: readStoredError(errors.get(f.path)),
    }));
    for (const [path, error] of errors)
      if (!synced.some((f) => f.path === path))
        folders.push({
          path,
          role: roleByName(path),
          messageCount: 0,
          lastSyncedAt: null,
          error: readStoredError(error),
        });
    return folders.sort((a, b) => a.path.localeCompare(b.path));
  },
  history: async (row, { first }, ctx) =>
    (
      await ctx.db
        .selectFrom('connection_events')
        .select(['at', 'status', 'code', 'message', 'step'])
        .where('connection_id', '=', row.id)
        .orderBy('at', 'desc')
        .limit(Math.min(Math.max(first ?? 20, 1), 200))
        .execute()
    ).map(readHistoryEvent),
  connectionsInUse: (row, _args, ctx) => ctx.sync.connectionsInUse(row.id),
  // Other status changes (reconnect, disable) leave the columns as they were: only a retry loop has them.
  nextRetryAt: (row) => (row.status === 'RETRYING' ? row.next_retry_at : null),
  retryAttempt: (row) => (row.status === 'RETRYING' ? row.retry_attempt : null),
  resyncFrom: (row) => row.resync_from,
  syncPause: async (row, _args, ctx) => {
    const pause = await ctx.sync.pause(row.id);
    return (
      pause && {
        reason: pause.reason,
        since: pause.since,
        message: syncPauseMessages[pause.reason],
      }
    );
  },
  lastCheck: (row) => readLastCheck(row.last_check_json),
  syncProgress: async (row, _args, ctx) => {
    const progress = await ctx.sync.progress(row.id);
    return progress ? { connectionId: row.id, ...progress } : null;
  },
};
