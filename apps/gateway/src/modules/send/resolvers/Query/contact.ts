import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { contactHasOwnActivity, readsWholeTimeline } from '../../timeline-access.js';

/** Null for a contact the viewer has no activity with (the same answer as for an unknown id). */
export const contact: NonNullable<QueryResolvers['contact']> = async (_parent, { id }, ctx) => {
  const viewer = requireViewer(ctx);
  let query = ctx.db.selectFrom('contacts').selectAll().where('id', '=', id);
  if (!readsWholeTimeline(viewer)) query = query.where(contactHasOwnActivity(viewer));
  return (await query.executeTakeFirst()) ?? null;
};
