import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { canManageWorkspace, type ViewerModel } from '../identity/viewer.js';

/*
 * Who may read the CRM timeline: one rule for contacts, contact, Contact.timeline, activityLogged and
 * sendEmail(replyToActivityId). A user sees the activities logged on their own connections (what they
 * sent and the replies that reached their inbox) and the contacts those are on; SUPER_ADMIN and ADMIN
 * ("Account Access") see every activity and every contact. An activity whose connection was removed
 * belongs to nobody, so only admins still see it.
 */

/** Admins read the whole timeline; everyone else only their own connections' part of it. */
export function readsWholeTimeline(viewer: ViewerModel): boolean {
  return canManageWorkspace(viewer);
}

/** For events that carry the connection owner (activityLogged). */
export function mayReadActivityOf(viewer: ViewerModel, ownerUserId: string): boolean {
  return readsWholeTimeline(viewer) || ownerUserId === viewer.user.id;
}

/** email_activities as the viewer may read them. */
export function visibleActivities(db: Kysely<Database>, viewer: ViewerModel) {
  const all = db.selectFrom('email_activities');
  if (readsWholeTimeline(viewer)) return all;
  return all.where(
    'email_activities.connection_id',
    'in',
    db
      .selectFrom('connections')
      .select('connections.id')
      .where('connections.user_id', '=', viewer.user.id),
  );
}

/** A where-clause on `contacts` for viewers who do not read the whole timeline: an activity of theirs is on it. */
export function contactHasOwnActivity(viewer: ViewerModel) {
  return (eb: ExpressionBuilder<Database, 'contacts'>) =>
    eb.exists(
      eb
        .selectFrom('email_activities')
        .innerJoin('connections', 'connections.id', 'email_activities.connection_id')
        .select(eb.lit(1).as('one'))
        .whereRef('email_activities.contact_id', '=', 'contacts.id')
        .where('connections.user_id', '=', viewer.user.id),
    );
}
