import type { OutgoingMessage } from '@inlet/providers';
import { sql, type Kysely } from 'kysely';
import type { GatewayServices } from '../../gateway-services.js';
import type { Database } from '../../db/schema.js';
import type { ConnectionStatus } from '../../db/tables/connection.table.js';
import type { EnrollmentRow, PauseReason } from '../../db/tables/sequence.table.js';
import { readStoredError } from '../../stored-error.js';
import {
  publishEnrollmentChanges,
  recordEnrollmentEvent,
  recordEnrollmentEvents,
  type NewEnrollmentEvent,
} from './enrollment-events.js';
import { queueSteps, type StepToQueue } from './queue-steps.js';
import { addDelay, nextInWindow, type SendWindow } from './send-window.js';
import { nextSendingSlot, sendingAllowances } from './sending-slot.js';
import { renderTemplate, tokenValues } from './templates.js';
import { WakeableLoop } from '../wakeable-loop.js';

/** A sending inbox in one of these states pauses its enrollments until it recovers. */
export const UNHEALTHY_CONNECTION: readonly ConnectionStatus[] = [
  'RETRYING',
  'NEEDS_REAUTH',
  'DISABLED',
  'ERROR',
];

export { stepIdempotencyKey } from './queue-steps.js';

/** What a follow-up in the same thread replies to. */
export interface ThreadState {
  messageId: string;
  references: string[];
  subject: string;
}

export interface SequenceSchedulerOptions {
  /** The sync worker of this process: enrollments sent from connections another live worker owns are left to it. */
  ownerId?: string;
  pollMs?: number;
  /** Enrollments handled per tick. */
  batch?: number;
  /** The clock enrollments are scheduled by (tests move it instead of waiting hours). */
  now?: () => Date;
}

/**
 * Turns due sequence steps into outbox rows and follows them to the end. Runs next to the outbox worker
 * in each sync worker, under the same lease rule (one owner per connection). Exactly once: a step is
 * queued in one transaction with the enrollment's move to "being sent", under a deterministic outbox
 * idempotency key (enrollment + step), and the outbox never resends an interrupted send. A step's
 * delay runs from the real send time of the previous step; the send window and the sending limits move
 * a due step later, never fail it.
 */
export class SequenceScheduler {
  private readonly options: Required<SequenceSchedulerOptions>;
  private readonly loop: WakeableLoop;

  constructor(
    private readonly services: GatewayServices,
    options: SequenceSchedulerOptions = {},
  ) {
    this.options = { ownerId: '', pollMs: 1000, batch: 200, now: () => new Date(), ...options };
    this.loop = new WakeableLoop(services, () => this.tick(), {
      name: 'sequence scheduler',
      pollMs: this.options.pollMs,
      // A connection recovered (or failed): paused enrollments follow its health.
      wakeOn: ['sequenceWake', 'connectionChanged'],
    });
  }

  async start(): Promise<void> {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Runs one pass now (tests and the bench drive it with their clock). */
  async runOnce(): Promise<void> {
    await this.loop.runOnce();
  }

  private async tick(): Promise<void> {
    const changed: string[] = [];
    changed.push(...(await this.settleSent()));
    changed.push(...(await this.followConnectionHealth()));
    changed.push(...(await this.dispatchDue()));
    await publishEnrollmentChanges(this.services, changed);
    await this.wakeAtNextDue();
  }

  /**
   * The next pass at the next step's due time when that comes before the next poll: a step is queued
   * when it falls due, not up to a poll later.
   */
  private async wakeAtNextDue(): Promise<void> {
    const now = this.options.now();
    const next = await this.services.db
      .selectFrom('enrollments')
      .select((eb) => eb.fn.min('next_run_at').as('at'))
      .where('status', '=', 'ACTIVE')
      .where('next_run_at', '>', now.toISOString())
      .executeTakeFirst();
    if (next?.at) this.loop.runIn(Math.max(0, Date.parse(next.at) - now.getTime()));
  }

  /** Enrollments whose connection this worker may act for: no live lease, or its own. */
  private ownedEnrollments(db: Kysely<Database>, now: string) {
    const { ownerId } = this.options;
    return db
      .selectFrom('enrollments')
      .leftJoin('sync_leases as lease', 'lease.connection_id', 'enrollments.connection_id')
      .where((eb) =>
        eb.or([
          eb('lease.connection_id', 'is', null),
          eb('lease.expires_at', '<', now),
          eb('lease.worker_id', '=', ownerId),
        ]),
      );
  }

  /**
   * Steps the outbox finished: SENT moves to the next step (its delay from the real send time); FAILED
   * ends. A pass's steps are settled in one transaction; each enrollment moves only if it still waits
   * for that outbox row, and gets its SENT (or FAILED) event only then.
   */
  private async settleSent(): Promise<string[]> {
    const { db } = this.services;
    const rows = await this.ownedEnrollments(db, new Date().toISOString())
      .innerJoin('outbox', 'outbox.id', 'enrollments.pending_outbox_id')
      .innerJoin('sequences', 'sequences.id', 'enrollments.sequence_id')
      .leftJoin('sequence_steps as next', (join) =>
        join
          .onRef('next.sequence_id', '=', 'enrollments.sequence_id')
          .on('next.position', '=', sql<number>`${sql.ref('enrollments.next_position')} + 1`),
      )
      .selectAll('enrollments')
      .select([
        'outbox.status as outbox_status',
        'outbox.sent_at as outbox_sent_at',
        'outbox.message_id as outbox_message_id',
        'outbox.message_json as outbox_message_json',
        'outbox.last_error_json as outbox_error_json',
        'next.delay_amount as next_delay_amount',
        'next.delay_unit as next_delay_unit',
        'sequences.time_zone',
      ])
      // Only the few that wait for a step (the partial index enrollments_pending_outbox).
      .where('enrollments.pending_outbox_id', 'is not', null)
      .where('outbox.status', 'in', ['SENT', 'FAILED'])
      .limit(this.options.batch)
      .execute();
    if (rows.length === 0) return [];
    if (rows.length === this.options.batch) this.loop.again();
    return db.transaction().execute(async (trx) => {
      const changed: string[] = [];
      const events: NewEnrollmentEvent[] = [];
      for (const row of rows) {
        const at = row.outbox_sent_at ?? this.options.now().toISOString();
        const position = row.next_position;
        const live = row.status === 'ACTIVE' || row.status === 'PAUSED';
        if (row.outbox_status === 'FAILED') {
          const error = readStoredError(row.outbox_error_json);
          const cleared = await trx
            .updateTable('enrollments')
            .set({
              pending_outbox_id: null,
              updated_at: at,
              ...(live ? { status: 'FAILED', ended_at: at, next_run_at: null } : {}),
            })
            .where('id', '=', row.id)
            .where('pending_outbox_id', '=', row.pending_outbox_id)
            .executeTakeFirst();
          if (Number(cleared.numUpdatedRows) !== 1) continue;
          changed.push(row.id);
          events.push({
            enrollment_id: row.id,
            type: 'FAILED',
            position,
            message_id: row.outbox_message_id,
            code: error?.code ?? 'SEND_FAILED',
            detail: error?.message ?? null,
            at,
          });
          continue;
        }
        const message = JSON.parse(row.outbox_message_json) as OutgoingMessage;
        const previous = row.thread_json ? (JSON.parse(row.thread_json) as ThreadState) : null;
        const thread: ThreadState = {
          messageId: row.outbox_message_id,
          references: previous ? [...previous.references, previous.messageId].slice(-20) : [],
          subject: message.subject,
        };
        const hasNext = row.next_delay_amount !== null && row.next_delay_unit !== null;
        const completes = live && !hasNext;
        const advanced = await trx
          .updateTable('enrollments')
          .set({
            pending_outbox_id: null,
            next_position: position + 1,
            last_sent_at: at,
            thread_json: JSON.stringify(thread),
            updated_at: at,
            next_run_at: hasNext
              ? addDelay(
                  new Date(at),
                  row.next_delay_amount!,
                  row.next_delay_unit!,
                  row.time_zone,
                ).toISOString()
              : null,
            ...(completes ? { status: 'COMPLETED', ended_at: at } : {}),
          })
          .where('id', '=', row.id)
          .where('pending_outbox_id', '=', row.pending_outbox_id)
          .executeTakeFirst();
        if (Number(advanced.numUpdatedRows) !== 1) continue;
        changed.push(row.id);
        events.push({
          enrollment_id: row.id,
          type: 'SENT',
          position,
          message_id: row.outbox_message_id,
          at,
        });
        if (completes) events.push({ enrollment_id: row.id, type: 'COMPLETED', at });
      }
      await recordEnrollmentEvents(trx, events);
      return changed;
    });
  }

  /** Pauses enrollments whose inbox is unhealthy, and resumes those paused for it once it recovered. */
  private async followConnectionHealth(): Promise<string[]> {
    const { db } = this.services;
    const now = this.options.now().toISOString();
    const recovered = await this.ownedEnrollments(db, new Date().toISOString())
      .innerJoin('connections', 'connections.id', 'enrollments.connection_id')
      .select('enrollments.id')
      .where('enrollments.status', '=', 'PAUSED')
      .where('enrollments.pause_reason', '=', 'CONNECTION_UNHEALTHY')
      .where('connections.status', 'not in', UNHEALTHY_CONNECTION)
      .limit(this.options.batch)
      .execute();
    if (recovered.length === 0) return [];
    return db.transaction().execute(async (trx) => {
      // Only those still paused for their inbox (the user may have resumed or ended one meanwhile).
      const resumed = await trx
        .updateTable('enrollments')
        .set({ status: 'ACTIVE', pause_reason: null, pause_detail: null, updated_at: now })
        .where(
          'id',
          'in',
          recovered.map((r) => r.id),
        )
        .where('status', '=', 'PAUSED')
        .where('pause_reason', '=', 'CONNECTION_UNHEALTHY')
        .returning('id')
        .execute();
      await recordEnrollmentEvents(
        trx,
        resumed.map(({ id }) => ({
          enrollment_id: id,
          type: 'RESUMED' as const,
          code: 'CONNECTION_RECOVERED',
          detail: 'The sending inbox works again.',
          at: now,
        })),
      );
      return resumed.map((r) => r.id);
    });
  }

  private async pause(
    row: EnrollmentRow,
    reason: PauseReason,
    detail: string,
    now: string,
  ): Promise<boolean> {
    return this.services.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('enrollments')
        .set({ status: 'PAUSED', pause_reason: reason, pause_detail: detail, updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'ACTIVE')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await recordEnrollmentEvent(trx, {
        enrollment_id: row.id,
        type: 'PAUSED',
        position: row.next_position,
        code: reason,
        detail,
        at: now,
      });
      return true;
    });
  }

  private async postpone(row: EnrollmentRow, until: Date): Promise<void> {
    await this.services.db
      .updateTable('enrollments')
      .set({ next_run_at: until.toISOString() })
      .where('id', '=', row.id)
      .where('status', '=', 'ACTIVE')
      .where('pending_outbox_id', 'is', null)
      .execute();
  }

  /**
   * Due steps: checked (health, window, limits, tokens), then queued in the outbox exactly once. One
   * query reads a pass's due enrollments with all they need; the sending limits are counted once per
   * connection per pass and counted down here.
   */
  private async dispatchDue(): Promise<string[]> {
    const { db } = this.services;
    const clock = this.options.now();
    const now = clock.toISOString();
    const due = await this.ownedEnrollments(db, new Date().toISOString())
      .innerJoin('sequences', 'sequences.id', 'enrollments.sequence_id')
      .innerJoin('connections', 'connections.id', 'enrollments.connection_id')
      .innerJoin('contacts', 'contacts.id', 'enrollments.contact_id')
      .innerJoin('users as sender', 'sender.id', 'enrollments.user_id')
      .leftJoin('sequence_steps as step', (join) =>
        join
          .onRef('step.sequence_id', '=', 'enrollments.sequence_id')
          .onRef('step.position', '=', 'enrollments.next_position'),
      )
      .selectAll('enrollments')
      .select([
        'sequences.time_zone',
        'sequences.window_start_minute',
        'sequences.window_end_minute',
        'sequences.business_days_only',
        'connections.status as connection_status',
        'connections.email as connection_email',
        'contacts.email as contact_email',
        'contacts.name as contact_name',
        'contacts.company as contact_company',
        'sender.name as sender_name',
        'step.subject',
        'step.body',
        'step.reply_in_thread',
      ])
      .where('enrollments.status', '=', 'ACTIVE')
      .where('enrollments.pending_outbox_id', 'is', null)
      .where('enrollments.next_run_at', '<=', now)
      .orderBy('enrollments.next_run_at')
      .limit(this.options.batch)
      .execute();
    if (due.length === this.options.batch) this.loop.again();
    const allowances = await sendingAllowances(
      db,
      this.services.config.sendLimits,
      [...new Set(due.map((row) => row.connection_id))],
      clock,
    );
    const limits = new Map<string, ConnectionLimits>();
    const changed: string[] = [];
    const steps: StepToQueue[] = [];
    for (const row of due) {
      const connection = row.connection_id;
      if (!limits.has(connection))
        limits.set(
          connection,
          new ConnectionLimits(this.services, connection, clock, allowances.get(connection) ?? 0),
        );
      try {
        const outcome = await this.dispatch(row, clock, limits.get(connection)!);
        if (outcome === 'changed') changed.push(row.id);
        else if (outcome !== 'unchanged') steps.push(outcome);
      } catch (err) {
        this.services.logger.error({ err, enrollmentId: row.id }, 'could not dispatch a step');
      }
    }
    try {
      const queued = await queueSteps(db, steps, clock);
      changed.push(...queued);
      if (queued.size > 0) this.services.pubsub.publish('outboxWake', {});
    } catch (err) {
      // Nothing of the pass was queued (one transaction): the next pass tries again.
      this.services.logger.error({ err, steps: steps.length }, 'could not queue due steps');
    }
    return changed;
  }

  /**
   * The step to queue (the pass queues them together), or what subscribers see of the enrollment:
   * paused or completed (changed), or not yet (unchanged).
   */
  private async dispatch(
    found: DueEnrollment,
    clock: Date,
    limits: ConnectionLimits,
  ): Promise<StepToQueue | 'changed' | 'unchanged'> {
    const row: EnrollmentRow = found;
    const now = clock.toISOString();
    const changedIf = (done: boolean) => (done ? ('changed' as const) : ('unchanged' as const));

    if (found.subject === null || found.body === null) {
      // The sequence has fewer steps now than when this one was planned: nothing left to send.
      return changedIf(await this.complete(row, now));
    }
    if (UNHEALTHY_CONNECTION.includes(found.connection_status))
      return changedIf(
        await this.pause(
          row,
          'CONNECTION_UNHEALTHY',
          `The sending inbox ${found.connection_email} is ${found.connection_status}.`,
          now,
        ),
      );
    const window: SendWindow = {
      timeZone: found.time_zone,
      startMinute: found.window_start_minute,
      endMinute: found.window_end_minute,
      businessDaysOnly: found.business_days_only === 1,
    };
    const opens = nextInWindow(clock, window);
    if (opens.getTime() > clock.getTime()) {
      await this.postpone(row, opens);
      return 'unchanged';
    }
    const slot = await limits.nextSlot();
    if (slot) {
      await this.postpone(row, nextInWindow(slot, window));
      return 'unchanged';
    }

    const values = tokenValues({
      contact: {
        email: found.contact_email,
        name: found.contact_name,
        company: found.contact_company,
      },
      sender: { email: found.connection_email, name: found.sender_name },
    });
    const thread =
      found.reply_in_thread === 1 && row.thread_json
        ? (JSON.parse(row.thread_json) as ThreadState)
        : null;
    const subject = thread
      ? {
          ok: true as const,
          text: /^re:/i.test(thread.subject) ? thread.subject : `Re: ${thread.subject}`,
        }
      : renderTemplate(found.subject, values);
    const body = renderTemplate(found.body, values);
    const missing = [...(subject.ok ? [] : subject.missing), ...(body.ok ? [] : body.missing)];
    if (!subject.ok || !body.ok)
      return changedIf(
        await this.pause(
          row,
          'MISSING_TOKEN',
          `No value for ${[...new Set(missing)].map((t) => `{{${t}}}`).join(', ')} for ${found.contact_email}.`,
          now,
        ),
      );

    const message: OutgoingMessage = {
      from: { address: found.connection_email, name: found.sender_name },
      to: [{ address: found.contact_email, name: found.contact_name }],
      cc: [],
      bcc: [],
      subject: subject.text,
      text: body.text,
      html: null,
      ...(thread
        ? { inReplyTo: thread.messageId, references: [...thread.references, thread.messageId] }
        : {}),
    };
    // Counted when planned: a step that is not queued after all only holds back others this pass.
    limits.spend();
    return { enrollment: row, message };
  }

  private async complete(row: EnrollmentRow, now: string): Promise<boolean> {
    return this.services.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('enrollments')
        .set({ status: 'COMPLETED', ended_at: now, next_run_at: null, updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'ACTIVE')
        .where('pending_outbox_id', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await recordEnrollmentEvent(trx, { enrollment_id: row.id, type: 'COMPLETED', at: now });
      return true;
    });
  }
}

/** A due enrollment with what its step needs: sequence, step, contact, sender and inbox. */
type DueEnrollment = EnrollmentRow & {
  time_zone: string;
  window_start_minute: number;
  window_end_minute: number;
  business_days_only: number;
  connection_status: ConnectionStatus;
  connection_email: string;
  contact_email: string;
  contact_name: string | null;
  contact_company: string | null;
  sender_name: string | null;
  subject: string | null;
  body: string | null;
  reply_in_thread: number | null;
};

/** One connection's sending limits for one pass: counted once (for all connections), then counted down per step. */
class ConnectionLimits {
  private slot: Promise<Date | null> | null = null;
  private spent = 0;

  constructor(
    private readonly services: GatewayServices,
    private readonly connectionId: string,
    private readonly clock: Date,
    private readonly allowance: number,
  ) {}

  /** null when one more step may be queued now, otherwise when the next slot opens. */
  async nextSlot(): Promise<Date | null> {
    const { db, config } = this.services;
    if (this.allowance - this.spent > 0) return null;
    // Used up: nothing more is queued this pass, so the slot is the same for the rest.
    this.slot ??= nextSendingSlot(db, config.sendLimits, this.connectionId, this.clock, this.spent);
    return this.slot;
  }

  spend(): void {
    this.spent += 1;
  }
}
