import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EnrollmentRow, SequenceRow } from '../../db/tables/sequence.table.js';
import { canManageWorkspace, type ViewerModel } from '../identity/viewer.js';

/*
 * Who may do what with sequences: one rule for queries, mutations and the enrollmentChanged
 * subscription. A sequence is read by its owner, by everyone when shared, and by SUPER_ADMIN / ADMIN;
 * it is changed by its owner and admins. An enrollment is read and changed by the user who enrolled
 * the contact, the sequence's owner and admins.
 */

export function mayReadSequence(viewer: ViewerModel, sequence: SequenceRow): boolean {
  return (
    sequence.owner_user_id === viewer.user.id || sequence.shared === 1 || canManageWorkspace(viewer)
  );
}

export function mayEditSequence(viewer: ViewerModel, sequence: SequenceRow): boolean {
  return sequence.owner_user_id === viewer.user.id || canManageWorkspace(viewer);
}

export function mayReadEnrollmentOf(
  viewer: ViewerModel,
  enrollment: { userId: string; ownerId: string },
): boolean {
  return (
    enrollment.userId === viewer.user.id ||
    enrollment.ownerId === viewer.user.id ||
    canManageWorkspace(viewer)
  );
}

/** A sequence the viewer may read, or undefined (unknown and forbidden look the same). */
export async function readableSequence(
  db: Kysely<Database>,
  viewer: ViewerModel,
  id: string,
): Promise<SequenceRow | undefined> {
  const row = await db.selectFrom('sequences').selectAll().where('id', '=', id).executeTakeFirst();
  return row && mayReadSequence(viewer, row) ? row : undefined;
}

/** An enrollment the viewer may read, or undefined. */
export async function readableEnrollment(
  db: Kysely<Database>,
  viewer: ViewerModel,
  id: string,
): Promise<EnrollmentRow | undefined> {
  const row = await db
    .selectFrom('enrollments')
    .innerJoin('sequences', 'sequences.id', 'enrollments.sequence_id')
    .selectAll('enrollments')
    .select('sequences.owner_user_id')
    .where('enrollments.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { owner_user_id, ...enrollment } = row;
  return mayReadEnrollmentOf(viewer, { userId: row.user_id, ownerId: owner_user_id })
    ? enrollment
    : undefined;
}

/** enrollments the viewer may read, as a query to narrow further. */
export function visibleEnrollments(db: Kysely<Database>, viewer: ViewerModel) {
  const all = db
    .selectFrom('enrollments')
    .innerJoin('sequences', 'sequences.id', 'enrollments.sequence_id');
  if (canManageWorkspace(viewer)) return all;
  return all.where((eb) =>
    eb.or([
      eb('enrollments.user_id', '=', viewer.user.id),
      eb('sequences.owner_user_id', '=', viewer.user.id),
    ]),
  );
}
