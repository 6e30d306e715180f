import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor, pageSize } from '../../../../pagination.js';
import { containsPattern, likes } from '../../../../db/like.js';
import { requireViewer } from '../../../identity/guards.js';
import { contactHasOwnActivity, readsWholeTimeline } from '../../timeline-access.js';

export const contacts: NonNullable<QueryResolvers['contacts']> = async (
  _parent,
  { first, after, search },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const limit = pageSize(first);
  let base = ctx.db.selectFrom('contacts');
  if (!readsWholeTimeline(viewer)) base = base.where(contactHasOwnActivity(viewer));
  if (search?.trim()) {
    const term = containsPattern(search.trim().toLowerCase());
    base = base.where((eb) =>
      eb.or([likes(eb.ref('email'), term), likes(eb.fn<string | null>('lower', ['name']), term)]),
    );
  }
  let page = base
    .selectAll()
    .orderBy('email')
    .limit(limit + 1);
  const cursor = decodeCursor(after);
  if (cursor) page = page.where('email', '>', cursor);
  const [rows, { total }] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const edges = rows.slice(0, limit).map((node) => ({ cursor: encodeCursor(node.email), node }));
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
