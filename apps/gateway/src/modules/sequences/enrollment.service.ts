import { randomUUID } from 'node:crypto';
import { parseEmailAddress } from '@inlet/providers';
import type {
  EnrollContactsInput,
  EnrollmentRefusal,
  ResolversTypes,
} from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { EnrollmentRow } from '../../db/tables/sequence.table.js';
import {
  publishEnrollmentChanges,
  recordEnrollmentEvent,
} from '../../engine/sequences/enrollment-events.js';
import { contactFor } from '../../engine/reply-logging.js';
import { notFound, validationFailed, type FieldProblem } from '../../validation.js';
import type { ViewerModel } from '../identity/viewer.js';
import { contactHasOwnActivity, readsWholeTimeline } from '../send/timeline-access.js';
import { ownConnection } from '../sync/connection-access.js';
import { readableEnrollment, readableSequence } from './sequence-access.js';

/** An ACTIVE enrollment due at `next_run_at` for step `next_position`, nothing sent yet: the row enrolling leaves. */
export function newEnrollmentRow(
  fields: Pick<
    EnrollmentRow,
    'sequence_id' | 'contact_id' | 'user_id' | 'connection_id' | 'next_position' | 'next_run_at'
  >,
  now = new Date().toISOString(),
): EnrollmentRow {
  return {
    id: randomUUID(),
    ...fields,
    status: 'ACTIVE',
    pause_reason: null,
    pause_detail: null,
    pending_outbox_id: null,
    last_sent_at: null,
    thread_json: null,
    created_at: now,
    updated_at: now,
    ended_at: null,
  };
}

/** Enrolling a contact who replied to the enrolling user within this many days asks first. */
export const RECENT_REPLY_DAYS = 30;
const MAX_ENROLL = 500;

type BatchResult = ResolversTypes['EnrollContactsResult'];
type EnrollmentResult = ResolversTypes['EnrollmentResult'];

export async function enrollContacts(
  services: GatewayServices,
  viewer: ViewerModel,
  input: EnrollContactsInput,
): Promise<BatchResult> {
  const { db } = services;
  const sequence = await readableSequence(db, viewer, input.sequenceId);
  if (!sequence) return notFound('This sequence');

  const problems: FieldProblem[] = [];
  if (viewer.user.seat === 'VIEW_ONLY')
    problems.push({
      field: 'sequenceId',
      message: 'Your seat is view-only, so you cannot send email.',
    });
  const contactIds = input.contactIds ?? [];
  const emails = input.emails ?? [];
  if (contactIds.length + emails.length === 0 || contactIds.length + emails.length > MAX_ENROLL)
    problems.push({
      field: 'contactIds',
      message: `Enroll 1 to ${MAX_ENROLL} contacts at a time.`,
    });
  for (const [i, email] of emails.entries())
    if (!parseEmailAddress(email).ok)
      problems.push({ field: `emails.${i}`, message: `"${email}" is not an email address.` });
  const steps = await db
    .selectFrom('sequence_steps')
    .select(['position', 'delay_amount'])
    .where('sequence_id', '=', sequence.id)
    .orderBy('position')
    .execute();
  const start = input.startPosition ?? 0;
  if (!Number.isInteger(start) || start < 0 || start >= steps.length)
    problems.push({
      field: 'startPosition',
      message: `Start at a step from 0 to ${steps.length - 1}.`,
    });
  let startAt = new Date();
  if (input.startAt) {
    startAt = new Date(input.startAt);
    if (Number.isNaN(startAt.getTime()))
      problems.push({ field: 'startAt', message: 'Give the start as an ISO 8601 date and time.' });
  }
  // The viewer's own inbox sends: the one chosen, or the sequence's when the viewer owns it.
  const connectionId =
    input.connectionId ??
    (sequence.owner_user_id === viewer.user.id ? sequence.connection_id : null);
  const connection = connectionId
    ? await ownConnection(db, viewer.user.id, connectionId).select('id').executeTakeFirst()
    : undefined;
  if (!connection)
    problems.push({
      field: 'connectionId',
      message: 'Choose one of your connected inboxes to send from.',
    });
  if (problems.length > 0 || !connection) return validationFailed(problems);

  const refused: EnrollmentRefusal[] = [];
  const targets: { id: string; email: string }[] = [];
  if (contactIds.length > 0) {
    let visible = db
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('id', 'in', [...new Set(contactIds)]);
    if (!readsWholeTimeline(viewer)) visible = visible.where(contactHasOwnActivity(viewer));
    const found = await visible.execute();
    targets.push(...found);
    for (const id of new Set(contactIds))
      if (!found.some((c) => c.id === id))
        refused.push({
          contactId: id,
          email: null,
          code: 'NOT_FOUND',
          message: 'This contact was not found.',
        });
  }
  for (const email of new Set(emails.map((e) => e.trim().toLowerCase()))) {
    const id = await contactFor(db, email, null);
    if (!targets.some((t) => t.id === id)) targets.push({ id, email });
  }

  const since = new Date(Date.now() - RECENT_REPLY_DAYS * 86_400_000).toISOString();
  const enrolled: EnrollmentRow[] = [];
  for (const contact of targets) {
    const active = await db
      .selectFrom('enrollments')
      .select('id')
      .where('contact_id', '=', contact.id)
      .where('user_id', '=', viewer.user.id)
      .where('status', 'in', ['ACTIVE', 'PAUSED'])
      .executeTakeFirst();
    const already = {
      contactId: contact.id,
      email: contact.email,
      code: 'ALREADY_ENROLLED',
      message: `${contact.email} is already in one of your active sequences.`,
    };
    if (active) {
      refused.push(already);
      continue;
    }
    if (!input.confirmRecentReplies) {
      const replied = await db
        .selectFrom('email_activities')
        .innerJoin('connections', 'connections.id', 'email_activities.connection_id')
        .select('email_activities.occurred_at')
        .where('email_activities.contact_id', '=', contact.id)
        .where('email_activities.type', '=', 'REPLY')
        .where('connections.user_id', '=', viewer.user.id)
        .where('email_activities.occurred_at', '>', since)
        .executeTakeFirst();
      if (replied) {
        refused.push({
          contactId: contact.id,
          email: contact.email,
          code: 'RECENTLY_REPLIED',
          message: `${contact.email} replied to you in the last ${RECENT_REPLY_DAYS} days. Confirm to enroll them anyway.`,
        });
        continue;
      }
    }
    const now = new Date().toISOString();
    const row = newEnrollmentRow(
      {
        sequence_id: sequence.id,
        contact_id: contact.id,
        user_id: viewer.user.id,
        connection_id: connection.id,
        next_position: start,
        next_run_at: startAt.toISOString(),
      },
      now,
    );
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('enrollments').values(row).execute();
        await recordEnrollmentEvent(trx, {
          enrollment_id: row.id,
          type: 'ENROLLED',
          position: start,
          at: now,
        });
      });
      enrolled.push(row);
    } catch (err) {
      // Enrolled at the same moment by another request: the unique index let one in.
      if (!isUniqueViolation(err)) throw err;
      refused.push(already);
    }
  }
  if (enrolled.length > 0) {
    services.pubsub.publish('sequenceWake', {});
    await publishEnrollmentChanges(
      services,
      enrolled.map((e) => e.id),
    );
  }
  return { __typename: 'EnrollmentBatch', enrolled, refused };
}

type Change = 'pause' | 'resume' | 'unenroll';

/** Pause (by the user), resume (any pause), unenroll: only while the enrollment is active or paused. */
export async function changeEnrollment(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
  change: Change,
): Promise<EnrollmentResult> {
  const { db } = services;
  const enrollment = await readableEnrollment(db, viewer, id);
  if (!enrollment) return notFound('This enrollment');
  const from = { pause: ['ACTIVE'], resume: ['PAUSED'], unenroll: ['ACTIVE', 'PAUSED'] }[change];
  if (!from.includes(enrollment.status))
    return validationFailed([
      {
        field: 'id',
        message: `This enrollment is ${enrollment.status.toLowerCase()}, so it cannot be ${
          { pause: 'paused', resume: 'resumed', unenroll: 'unenrolled' }[change]
        }.`,
      },
    ]);
  const now = new Date().toISOString();
  const set =
    change === 'pause'
      ? ({
          status: 'PAUSED',
          pause_reason: 'BY_USER',
          pause_detail: `Paused by ${viewer.user.name}.`,
        } as const)
      : change === 'resume'
        ? ({ status: 'ACTIVE', pause_reason: null, pause_detail: null } as const)
        : ({
            status: 'UNENROLLED',
            ended_at: now,
            next_run_at: null,
            pause_reason: null,
            pause_detail: null,
          } as const);
  const changed = await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('enrollments')
      .set({ ...set, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', from as EnrollmentRow['status'][])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await recordEnrollmentEvent(trx, {
      enrollment_id: id,
      type: change === 'pause' ? 'PAUSED' : change === 'resume' ? 'RESUMED' : 'UNENROLLED',
      position: enrollment.next_position,
      code: change === 'pause' ? 'BY_USER' : null,
      detail: `By ${viewer.user.name}.`,
      at: now,
    });
    return true;
  });
  if (changed) {
    if (change === 'resume') services.pubsub.publish('sequenceWake', {});
    await publishEnrollmentChanges(services, [id]);
  }
  const row = await db
    .selectFrom('enrollments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { __typename: 'Enrollment', ...row };
}
