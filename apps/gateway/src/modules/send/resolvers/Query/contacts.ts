import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { decodeCursor, pageSize, toConnection } from '../../../../pagination.js';
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
  return toConnection(rows, { limit, total, after }, (node) => node.email);
};
