import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { notFound } from '../../../../validation.js';
import { recordAudit } from '../../../audit/audit-log.js';
import { requireViewer } from '../../../identity/guards.js';
import { canManageWorkspace } from '../../../identity/viewer.js';

/** Deletes the connection; its secrets and events go with it (foreign keys cascade). */
export const disconnect: NonNullable<MutationResolvers['disconnect']> = async (_parent, { id }, ctx) => {
  const viewer = requireViewer(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('connections').selectAll().where('id', '=', id);
    if (!canManageWorkspace(viewer)) query = query.where('user_id', '=', viewer.user.id);
    const row = await query.executeTakeFirst();
    if (!row) return notFound('This connection');
    await trx.deleteFrom('connection_secrets').where('connection_id', '=', id).execute();
    await trx.deleteFrom('connection_events').where('connection_id', '=', id).execute();
    await trx.deleteFrom('connections').where('id', '=', id).execute();
    await recordAudit(trx, viewer, { action: 'connection.disconnect', targetType: 'Connection', targetId: id, before: row, after: null });
    return { __typename: 'ConnectionRemoved' as const, id };
  });
};
