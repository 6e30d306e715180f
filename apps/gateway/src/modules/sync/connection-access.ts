import type { Kysely } from 'kysely';
import type { GatewayContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import { requireViewer } from '../identity/guards.js';
import { canManageWorkspace } from '../identity/viewer.js';

/** The connection if the viewer owns it or manages the workspace; undefined otherwise (no existence leak). */
export async function findVisibleConnection(
  ctx: GatewayContext,
  id: string,
): Promise<ConnectionRow | undefined> {
  const viewer = requireViewer(ctx);
  let query = ctx.db.selectFrom('connections').selectAll().where('id', '=', id);
  if (!canManageWorkspace(viewer)) query = query.where('user_id', '=', viewer.user.id);
  return query.executeTakeFirst();
}

/** The user's own connection `id`, to select from: for what only its owner may do (send from it, sign in again). */
export function ownConnection(db: Kysely<Database>, userId: string, id: string) {
  return db.selectFrom('connections').where('id', '=', id).where('user_id', '=', userId);
}
