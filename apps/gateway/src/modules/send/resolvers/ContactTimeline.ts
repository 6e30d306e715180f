import type { ContactResolvers } from '../../../__generated__/resolvers-types.js';
import { decodeKeyCursor, pageSize, toConnection } from '../../../pagination.js';
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
    const cursor = decodeKeyCursor(after);
    if (cursor) {
      page = page.where((eb) => eb(eb.refTuple('occurred_at', 'id'), '<', eb.tuple(...cursor)));
    }
    const [rows, { total }] = await Promise.all([
      page.execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return toConnection(rows, { limit, total, after }, (node) => `${node.occurred_at}|${node.id}`);
  },
};
