import { newMessageId, type OutgoingMessage } from '@inlet/providers';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EnrollmentRow } from '../../db/tables/sequence.table.js';
import { recordEnrollmentEvents } from './enrollment-events.js';

/** The outbox key of one step of one enrollment: the same step can never be queued twice. */
export function stepIdempotencyKey(enrollmentId: string, position: number): string {
  return `sequence:${enrollmentId}:${position}`;
}

export interface StepToQueue {
  enrollment: Pick<EnrollmentRow, 'id' | 'user_id' | 'connection_id' | 'next_position'>;
  message: OutgoingMessage;
}

/**
 * Puts a pass's due steps in the outbox in one transaction (a handful of statements for the whole
 * pass instead of one transaction per step). Per step the rule is the one-at-a-time rule: its outbox
 * row (under the step's idempotency key, so never a second one) and the enrollment's move to it are
 * committed together, and the enrollment moves only if it is still ACTIVE, not being sent and at that
 * step. A step whose enrollment changed meanwhile (paused, replied, taken by another worker) gets no
 * outbox row: the row inserted for it is deleted again before the commit. Returns the enrollments
 * queued.
 */
export async function queueSteps(
  db: Kysely<Database>,
  steps: readonly StepToQueue[],
  clock: Date,
): Promise<Set<string>> {
  if (steps.length === 0) return new Set();
  const now = clock.toISOString();
  // Due at once for the outbox, whose clock is the real one.
  const nextAttemptAt = new Date(Math.min(Date.now(), clock.getTime())).toISOString();
  // One order for every worker: two passes over the same steps wait for each other, never deadlock.
  const sorted = [...steps].sort((a, b) => (a.enrollment.id < b.enrollment.id ? -1 : 1));
  const rows = sorted.map(({ enrollment, message }) => ({
    id: randomUUID(),
    user_id: enrollment.user_id,
    connection_id: enrollment.connection_id,
    idempotency_key: stepIdempotencyKey(enrollment.id, enrollment.next_position),
    status: 'QUEUED' as const,
    message_json: JSON.stringify(message),
    message_id: newMessageId(message.from.address),
    attempts: 0,
    next_attempt_at: nextAttemptAt,
    lease_until: null,
    last_error_json: null,
    refused_json: null,
    created_at: now,
    sent_at: null,
  }));
  return db.transaction().execute(async (trx) => {
    const inserted = new Set(
      (
        await trx
          .insertInto('outbox')
          .values(rows)
          .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
          .returning('id')
          .execute()
      ).map((r) => r.id),
    );
    // A key queued already (a pass that died after its commit): the existing row, never a second one.
    const clashes = rows.filter((r) => !inserted.has(r.id));
    const existing =
      clashes.length === 0
        ? []
        : await trx
            .selectFrom('outbox')
            .select(['id', 'message_id', 'user_id', 'idempotency_key'])
            .where((eb) =>
              eb.or(
                clashes.map((r) =>
                  eb.and([
                    eb('user_id', '=', r.user_id),
                    eb('idempotency_key', '=', r.idempotency_key),
                  ]),
                ),
              ),
            )
            .execute();
    const byKey = new Map(existing.map((r) => [`${r.user_id} ${r.idempotency_key}`, r]));
    const targets = sorted.flatMap((step, i) => {
      const row = rows[i]!;
      const outbox = inserted.has(row.id)
        ? row
        : byKey.get(`${row.user_id} ${row.idempotency_key}`);
      return outbox
        ? [{ ...step.enrollment, outboxId: outbox.id, messageId: outbox.message_id }]
        : [];
    });
    if (targets.length === 0) return new Set<string>();
    const moved = new Set(
      (
        await trx
          .updateTable('enrollments')
          .set({
            pending_outbox_id: sql<string>`case ${sql.ref('id')} ${sql.join(
              targets.map((t) => sql`when ${t.id} then ${t.outboxId}`),
              sql` `,
            )} end`,
            next_run_at: null,
            updated_at: now,
          })
          .where((eb) =>
            eb.or(
              targets.map((t) =>
                eb.and([eb('id', '=', t.id), eb('next_position', '=', t.next_position)]),
              ),
            ),
          )
          .where('status', '=', 'ACTIVE')
          .where('pending_outbox_id', 'is', null)
          .returning('id')
          .execute()
      ).map((r) => r.id),
    );
    // Not moved: no outbox row of this pass may stay behind for it (the rollback of its part).
    const orphans = rows
      .filter((r, i) => inserted.has(r.id) && !moved.has(sorted[i]!.enrollment.id))
      .map((r) => r.id);
    if (orphans.length > 0) await trx.deleteFrom('outbox').where('id', 'in', orphans).execute();
    await recordEnrollmentEvents(
      trx,
      targets
        .filter((t) => moved.has(t.id))
        .map((t) => ({
          enrollment_id: t.id,
          type: 'SCHEDULED' as const,
          position: t.next_position,
          message_id: t.messageId,
          at: now,
        })),
    );
    return moved;
  });
}
