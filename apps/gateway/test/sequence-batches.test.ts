import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueSteps } from '../src/engine/sequences/queue-steps.js';
import { SequenceScheduler } from '../src/engine/sequences/scheduler.js';
import type { EnrollmentRow } from '../src/db/tables/sequence.table.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import {
  activeEnrollmentRow,
  insertBenchUser,
  insertConnection,
  insertSequence,
} from './testkit/seed.js';
import { waitFor } from './testkit/wait.js';

/**
 * The scheduler writes a pass's steps together (one transaction, multi-row statements): each step
 * must still be queued exactly once, for its own enrollment, and a step whose enrollment changed
 * must leave nothing behind. Rows are seeded directly; no email is sent (no outbox worker runs).
 */
describe.each(engines)('sequence scheduler batches on %s', (engine) => {
  let gw: TestGateway;
  const inboxes: { userId: string; connectionId: string; sequenceId: string }[] = [];
  const due = new Date(Date.now() - 60_000).toISOString();

  async function enroll(count: number, fields: Partial<EnrollmentRow> = {}) {
    const { db } = gw.services;
    const now = new Date().toISOString();
    const rows: EnrollmentRow[] = [];
    for (let i = 0; i < count; i++) {
      const inbox = inboxes[i % inboxes.length]!;
      const contactId = randomUUID();
      await db
        .insertInto('contacts')
        .values({
          id: contactId,
          email: `c-${randomUUID().slice(0, 8)}@customer.test`,
          name: null,
          company: null,
          created_at: now,
        })
        .execute();
      rows.push({ ...activeEnrollmentRow(inbox, contactId, due, now), ...fields });
    }
    await db.insertInto('enrollments').values(rows).execute();
    return rows;
  }

  const scheduler = () => new SequenceScheduler(gw.services, { pollMs: 3_600_000 });

  /** Per enrollment: its outbox rows (by the step's key), its events of `type`, and its row. */
  async function stateOf(ids: string[], type: 'SCHEDULED' | 'SENT' | 'RESUMED') {
    const { db } = gw.services;
    const outbox = await db
      .selectFrom('outbox')
      .select(['id', 'idempotency_key', 'message_json', 'status'])
      .where(
        'idempotency_key',
        'in',
        ids.map((id) => `sequence:${id}:0`),
      )
      .execute();
    const events = await db
      .selectFrom('enrollment_events')
      .select(['enrollment_id', 'message_id'])
      .where('enrollment_id', 'in', ids)
      .where('type', '=', type)
      .execute();
    const enrollments = await db
      .selectFrom('enrollments')
      .innerJoin('contacts', 'contacts.id', 'enrollments.contact_id')
      .selectAll('enrollments')
      .select('contacts.email as contact_email')
      .where('enrollments.id', 'in', ids)
      .execute();
    return { outbox, events, enrollments };
  }

  beforeAll(async () => {
    // Many steps per inbox within a minute: the sending limits (tested elsewhere) would space them.
    gw = await startTestGateway(engine, {
      env: { INLET_SEND_LIMIT_PER_MINUTE: '100000', INLET_SEND_LIMIT_PER_DAY: '100000' },
    });
    const { db } = gw.services;
    const now = new Date().toISOString();
    for (let i = 0; i < 3; i++) {
      const email = `seller${i}@batch.test`;
      const userId = await insertBenchUser(gw.services, email);
      const connection = await insertConnection(gw.services, userId, email, {
        status: 'CONNECTED',
      });
      const sequenceId = await insertSequence(db, userId, connection.id, [0, 2], `Batch ${i}`);
      inboxes.push({ userId, connectionId: connection.id, sequenceId });
    }
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
  });

  it('queues every due step of a pass once, each enrollment pointing at its own step, also with two schedulers racing', async () => {
    const rows = await enroll(30);
    const ids = rows.map((r) => r.id);
    const [a, b] = [scheduler(), scheduler()];
    await Promise.all([a.runOnce(), b.runOnce()]);
    await a.runOnce();
    const { outbox, events, enrollments } = await stateOf(ids, 'SCHEDULED');
    expect(outbox).toHaveLength(30);
    expect(events).toHaveLength(30);
    const byId = new Map(outbox.map((o) => [o.id, o]));
    for (const enrollment of enrollments) {
      const row = byId.get(enrollment.pending_outbox_id ?? '');
      expect(row?.idempotency_key).toBe(`sequence:${enrollment.id}:0`);
      const message = JSON.parse(row!.message_json) as { to: { address: string }[] };
      expect(message.to[0]?.address).toBe(enrollment.contact_email);
      expect(enrollment.next_run_at).toBeNull();
    }
  });

  it('queues nothing for a step whose enrollment changed since the pass read it, and reuses a row already queued for a key', async () => {
    const { db } = gw.services;
    const [paused, moved, fresh, requeued] = await enroll(4);
    await db
      .updateTable('enrollments')
      .set({ status: 'PAUSED', pause_reason: 'BY_USER' })
      .where('id', '=', paused!.id)
      .execute();
    await db
      .updateTable('enrollments')
      .set({ next_position: 1 })
      .where('id', '=', moved!.id)
      .execute();
    // A pass that committed this key's row but (in an older version) not the move.
    const existingId = randomUUID();
    await db
      .insertInto('outbox')
      .values({
        id: existingId,
        user_id: requeued!.user_id,
        connection_id: requeued!.connection_id,
        idempotency_key: `sequence:${requeued!.id}:0`,
        status: 'QUEUED',
        message_json: JSON.stringify({ to: [] }),
        message_id: '<existing@batch.test>',
        attempts: 0,
        next_attempt_at: due,
        lease_until: null,
        last_error_json: null,
        refused_json: null,
        created_at: due,
        sent_at: null,
      })
      .execute();
    const message = (to: string) => ({
      from: { address: 'seller@batch.test' },
      to: [{ address: to }],
      subject: 'Hi',
      text: 'Hello',
      html: null,
    });
    // The steps as the pass planned them, from rows read before the changes above.
    const queued = await queueSteps(
      db,
      [paused!, moved!, fresh!, requeued!].map((enrollment) => ({
        enrollment,
        message: message(`${enrollment.id}@customer.test`),
      })),
      new Date(),
    );
    expect([...queued].sort()).toEqual([fresh!.id, requeued!.id].sort());
    const ids = [paused!.id, moved!.id, fresh!.id, requeued!.id];
    const { outbox, events, enrollments } = await stateOf(ids, 'SCHEDULED');
    expect(outbox.map((o) => o.idempotency_key).sort()).toEqual(
      [`sequence:${fresh!.id}:0`, `sequence:${requeued!.id}:0`].sort(),
    );
    expect(events.map((e) => e.enrollment_id).sort()).toEqual([fresh!.id, requeued!.id].sort());
    const pending = new Map(enrollments.map((e) => [e.id, e.pending_outbox_id]));
    expect(pending.get(requeued!.id)).toBe(existingId);
    expect(pending.get(paused!.id)).toBeNull();
    expect(pending.get(moved!.id)).toBeNull();
    expect(events.find((e) => e.enrollment_id === requeued!.id)?.message_id).toBe(
      '<existing@batch.test>',
    );
  });

  it('settles a pass of sent steps once, each next step timed from its own send time', async () => {
    const { db } = gw.services;
    const rows = await enroll(12);
    const ids = rows.map((r) => r.id);
    await scheduler().runOnce();
    const queued = await stateOf(ids, 'SCHEDULED');
    // Sent at different times: each enrollment's next step is 2 hours after its own.
    const sentAt = new Map<string, string>();
    for (const [i, enrollment] of queued.enrollments.entries()) {
      const at = new Date(Date.parse(due) + i * 60_000).toISOString();
      sentAt.set(enrollment.id, at);
      await db
        .updateTable('outbox')
        .set({ status: 'SENT', sent_at: at })
        .where('id', '=', enrollment.pending_outbox_id!)
        .execute();
    }
    await scheduler().runOnce();
    await scheduler().runOnce();
    const { events, enrollments } = await stateOf(ids, 'SENT');
    expect(events).toHaveLength(12);
    for (const enrollment of enrollments) {
      expect(enrollment.pending_outbox_id).toBeNull();
      expect(enrollment.next_position).toBe(1);
      expect(enrollment.last_sent_at).toBe(sentAt.get(enrollment.id));
      expect(enrollment.next_run_at).toBe(
        new Date(Date.parse(sentAt.get(enrollment.id)!) + 2 * 3_600_000).toISOString(),
      );
    }
  });

  it('resumes a pass of enrollments paused for their inbox once it works again, once each', async () => {
    const rows = await enroll(5, {
      status: 'PAUSED',
      pause_reason: 'CONNECTION_UNHEALTHY',
      pause_detail: 'was RETRYING',
      next_run_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const ids = rows.map((r) => r.id);
    await Promise.all([scheduler().runOnce(), scheduler().runOnce()]);
    await scheduler().runOnce();
    const { events, enrollments } = await stateOf(ids, 'RESUMED');
    expect(events).toHaveLength(5);
    expect(enrollments.map((e) => e.status)).toEqual(Array(5).fill('ACTIVE'));
  });

  it('queues a step when it falls due, not a poll later', async () => {
    // Due after the loop's first pass; the poll (an hour) would leave it until then.
    const [row] = await enroll(1, { next_run_at: new Date(Date.now() + 1_000).toISOString() });
    const looping = scheduler();
    await looping.start();
    try {
      await waitFor(
        async () => (await stateOf([row!.id], 'SCHEDULED')).outbox.length === 1,
        'the step to be queued at its due time',
      );
    } finally {
      await looping.stop();
    }
  });
});
