import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EnrollmentEventRow } from '../../db/tables/sequence.table.js';
import type { PubSub } from '../../pubsub.js';

let lastMs = 0;
let counter = 0;

/**
 * Event ids sort in the order the events were recorded (real milliseconds, then a per-process counter):
 * the timeline reads in that order, whatever times the events carry (a reply's own Date header, a test
 * clock).
 */
export function eventId(): string {
  const ms = Date.now();
  counter = ms === lastMs ? counter + 1 : 0;
  lastMs = ms;
  return `${ms.toString(36).padStart(10, '0')}-${counter.toString(36).padStart(4, '0')}-${randomUUID()}`;
}

export type NewEnrollmentEvent = Omit<
  EnrollmentEventRow,
  'id' | 'position' | 'message_id' | 'code' | 'detail'
> &
  Partial<Pick<EnrollmentEventRow, 'position' | 'message_id' | 'code' | 'detail'>>;

/** Appends an entry to an enrollment's timeline. */
export async function recordEnrollmentEvent(
  db: Kysely<Database>,
  event: NewEnrollmentEvent,
): Promise<void> {
  await recordEnrollmentEvents(db, [event]);
}

/** Appends entries to enrollments' timelines in one statement, in the order given. */
export async function recordEnrollmentEvents(
  db: Kysely<Database>,
  events: readonly NewEnrollmentEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('enrollment_events')
    .values(
      events.map((event) => ({
        id: eventId(),
        position: null,
        message_id: null,
        code: null,
        detail: null,
        ...event,
      })),
    )
    .execute();
}

/** Tells subscribers (in any process) that these enrollments changed; they re-read them. */
export async function publishEnrollmentChanges(
  services: { db: Kysely<Database>; pubsub: PubSub },
  enrollmentIds: readonly string[],
): Promise<void> {
  if (enrollmentIds.length === 0) return;
  const rows = await services.db
    .selectFrom('enrollments')
    .innerJoin('sequences', 'sequences.id', 'enrollments.sequence_id')
    .select([
      'enrollments.id',
      'enrollments.sequence_id',
      'enrollments.user_id',
      'sequences.owner_user_id',
    ])
    .where('enrollments.id', 'in', [...new Set(enrollmentIds)])
    .execute();
  for (const row of rows)
    services.pubsub.publish('enrollmentChanged', {
      enrollmentId: row.id,
      sequenceId: row.sequence_id,
      userId: row.user_id,
      ownerId: row.owner_user_id,
    });
}
