import type { ContactResolvers } from '../../../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor, pageSize } from '../../../pagination.js';
import { requireViewer } from '../../identity/guards.js';
import { visibleActivities } from '../timeline-access.js';

/** Newest first, only the activities the viewer may read (timeline-access.ts); the cursor is `occurred_at|id`. */
export const ContactTimeline: ContactResolvers = {
  timeline: async (contact, { first, after }, ctx) => {
    const viewer = requireViewer(ctx);
    const limit = pageSize(first);
    const base = visibleActivities(ctx.db, viewer).where('contact_id', '=', contact.id);
    let page = base
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    const cursor = decodeCursor(after);
    if (cursor) {
      const [at = '', id = ''] = cursor.split('|');
      page = page.where((eb) =>
        eb.or([
          eb('occurred_at', '<', at),
          eb.and([eb('occurred_at', '=', at), eb('id', '<', id)]),
        ]),
      );
    }
    const [rows, { total }] = await Promise.all([
      page.execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    const edges = rows
      .slice(0, limit)
      .map((node) => ({ cursor: encodeCursor(`${node.occurred_at}|${node.id}`), node }));
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
  },
};
