import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireViewer } from '../../../identity/guards.js';
import { findVisibleConnection } from '../../../sync/connection-access.js';

/** Asks the owner to stop the sync session (a session left running loses its lease with the row), then deletes the connection with its secrets, state and messages. */
export const disconnect: NonNullable<MutationResolvers['disconnect']> = async (
  _parent,
  { id },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const row = await findVisibleConnection(ctx, id);
  if (!row) return notFound('This connection');
  ctx.sync.remove(id);
  await ctx.db.transaction().execute(async (trx) => {
    // Explicit deletes: SQLite enforces the cascades only with foreign_keys on, which a tool may forget.
    for (const table of [
      'connection_secrets',
      'connection_events',
      'folder_state',
      'folder_errors',
      'messages',
      'quarantined_messages',
    ] as const) {
      await trx.deleteFrom(table).where('connection_id', '=', id).execute();
    }
    await trx.deleteFrom('connections').where('id', '=', id).execute();
    await recordAudit(trx, viewer, {
      action: 'connection.disconnect',
      targetType: 'Connection',
      targetId: id,
      before: row,
      after: null,
    });
  });
  return { __typename: 'ConnectionRemoved' as const, id };
};
