import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor, pageSize } from '../../../../pagination.js';
import { containsPattern, likes } from '../../../../db/like.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';

/**
 * Newest first; the cursor is `created_at|id` so equal timestamps still page exactly. Served by the
 * indexes (created_at, id) and (status, created_at, id): a page reads one page of index entries, the
 * count of a status filter reads only the index. Every connection has its user (a not-null foreign
 * key), so the list needs no join; the search by owner address asks `users` in a subquery.
 */
export const connectedEmails: NonNullable<QueryResolvers['connectedEmails']> = async (
  _parent,
  { filter, first, after },
  ctx,
) => {
  requireWorkspaceAdmin(ctx);
  const limit = pageSize(first);
  let base = ctx.db.selectFrom('connections');
  if (filter?.status?.length) base = base.where('connections.status', 'in', [...filter.status]);
  if (filter?.provider?.length)
    base = base.where('connections.provider', 'in', [...filter.provider]);
  if (filter?.userId) base = base.where('connections.user_id', '=', filter.userId);
  const domain = filter?.domain?.trim().toLowerCase();
  if (domain)
    base = base.where((eb) =>
      likes(eb.ref('connections.email'), containsPattern(`@${domain}`, { anchorEnd: true })),
    );
  if (filter?.search) {
    const term = containsPattern(filter.search.trim().toLowerCase());
    base = base.where((eb) =>
      eb.or([
        likes(eb.ref('connections.email'), term),
        eb(
          'connections.user_id',
          'in',
          eb
            .selectFrom('users')
            .select('users.id')
            .where((u) => likes(u.ref('users.email'), term)),
        ),
      ]),
    );
  }
  let page = base
    .selectAll('connections')
    .orderBy('connections.created_at', 'desc')
    .orderBy('connections.id', 'desc')
    .limit(limit + 1);
  const cursor = decodeCursor(after);
  if (cursor) {
    const [createdAt = '', id = ''] = cursor.split('|');
    // (created_at, id) < (a, b): created_at < a, or created_at = a and id < b; an index range on both engines.
    page = page.where((eb) =>
      eb(eb.refTuple('connections.created_at', 'connections.id'), '<', eb.tuple(createdAt, id)),
    );
  }
  const [rows, { total }] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const edges = rows
    .slice(0, limit)
    .map((node) => ({ cursor: encodeCursor(`${node.created_at}|${node.id}`), node }));
  return {
    edges,
    totalCount: Number(total),
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: Boolean(cursor),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
};
