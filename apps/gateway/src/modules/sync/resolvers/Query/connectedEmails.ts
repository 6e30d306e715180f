import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor, pageSize } from '../../../../pagination.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';

/** Newest first; the cursor is `created_at|id` so equal timestamps still page exactly. */
export const connectedEmails: NonNullable<QueryResolvers['connectedEmails']> = async (_parent, { filter, first, after }, ctx) => {
  requireWorkspaceAdmin(ctx);
  const limit = pageSize(first);
  let base = ctx.db.selectFrom('connections').innerJoin('users', 'users.id', 'connections.user_id');
  if (filter?.status?.length) base = base.where('connections.status', 'in', [...filter.status]);
  if (filter?.provider?.length) base = base.where('connections.provider', 'in', [...filter.provider]);
  if (filter?.userId) base = base.where('connections.user_id', '=', filter.userId);
  if (filter?.domain) base = base.where('connections.email', 'like', `%@${filter.domain.trim().toLowerCase().replace(/[%_\\]/g, '\\$&')}`);
  if (filter?.search) {
    const term = `%${filter.search.trim().toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
    base = base.where((eb) => eb.or([eb('connections.email', 'like', term), eb('users.email', 'like', term)]));
  }
  let page = base.selectAll('connections').orderBy('connections.created_at', 'desc').orderBy('connections.id', 'desc').limit(limit + 1);
  const cursor = decodeCursor(after);
  if (cursor) {
    const [createdAt = '', id = ''] = cursor.split('|');
    page = page.where((eb) =>
      eb.or([eb('connections.created_at', '<', createdAt), eb.and([eb('connections.created_at', '=', createdAt), eb('connections.id', '<', id)])]),
    );
  }
  const [rows, { total }] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const edges = rows.slice(0, limit).map((node) => ({ cursor: encodeCursor(`${node.created_at}|${node.id}`), node }));
  return {
    edges,
    totalCount: Number(total),
    pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: Boolean(cursor), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
};
