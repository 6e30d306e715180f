import { randomUUID } from 'node:crypto';
import { startSmtpServer } from '@inlet/providers/testing';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import { SequenceScheduler } from '../src/engine/sequences/scheduler.js';
import type { Engine } from '../test/testkit/databases.js';
import { caFile } from '../test/testkit/mail-servers.js';
import { atMost, load1, log, type BenchResult, type Headline } from './lib/report.js';
import {
  imapSettings,
  insertBenchUser,
  insertImapConnection,
  insertSequence,
  openServices,
} from './lib/services.js';
import { ms, sleep, summarize } from './lib/stats.js';

/** The load by default; smaller through the environment for a quick run or a profile. */
export const ENROLLMENTS = Number(process.env.BENCH_SEQUENCE_ENROLLMENTS ?? 10_000);
export const INBOXES = Number(process.env.BENCH_SEQUENCE_INBOXES ?? 100);
/** Due times spread evenly over this window, which starts once everything is seeded. */
const SPREAD_MS = Number(process.env.BENCH_SEQUENCE_SPREAD_SECONDS ?? 60) * 1000;
const LEAD_MS = 8_000;
/**
 * Groups of enrollments due at the same instant, one enrollment of each inbox per group (100 groups of
 * 100: one group every 0.6 s, each inbox one step every 0.6 s).
 */
const GROUPS = Math.ceil(ENROLLMENTS / INBOXES);
const GOAL_P99_MS = 1_000;

interface Measured {
  /** Per enrollment: due time -> its email accepted by the SMTP server (NaN: not within the wait). */
  latencies: number[];
  /** Per enrollment: due time -> the scheduler's publish after queueing it in the outbox. */
  queued: number[];
  sent: number;
  /** Steps sent twice: SENT events beyond one per enrollment, plus emails the server accepted twice. */
  doubles: number;
  /** CPU of this process (gateway and the sink SMTP server) from start to the last acceptance. */
  cpuMs: number;
}

/**
 * 10,000 ACTIVE enrollments across 100 inboxes (one user, inbox and one-step sequence each), their
 * first steps due over a minute; the production scheduler and outbox worker (default settings) run
 * against a sink SMTP server. Measures, per enrollment, from its due time to the sink's 250 for its
 * email, and to the scheduler's `enrollmentChanged` publish after queueing it.
 */
async function measure(engine: Engine): Promise<Measured> {
  const users = Array.from({ length: INBOXES }, (_, i) => ({
    user: `seller${i}@bench.test`,
    password: `seller-${i}-pass`,
  }));
  // Dispatched = the step's email answered 250 by the SMTP server (each contact gets one email).
  const accepted = new Map<string, number>();
  let acceptedTwice = 0;
  const sink = await startSmtpServer({
    users,
    discard: true,
    onAccept(recipients) {
      const at = Date.now();
      for (const to of recipients)
        if (accepted.has(to)) acceptedTwice += 1;
        else accepted.set(to, at);
    },
  });
  const bench = await openServices(engine, {
    INLET_EXTRA_CA_FILE: caFile(sink.ca),
    INLET_ALLOW_PRIVATE_HOSTS: `localhost:${sink.submissionPort}`,
    // The sending limits would space each inbox's 100 steps over minutes: this measures the scheduler.
    INLET_SEND_LIMIT_PER_MINUTE: '100000',
    INLET_SEND_LIMIT_PER_DAY: '100000',
  });
  const { services } = bench;
  const { db } = services;
  const first = new Map<string, number>();
  services.pubsub.observePublishes((topic, payload) => {
    if (topic !== 'enrollmentChanged') return;
    const id = (payload as { enrollmentId: string }).enrollmentId;
    if (!first.has(id)) first.set(id, Date.now());
  });
  const scheduler = new SequenceScheduler(services);
  const outbox = new OutboxWorker(services);
  try {
    const now = new Date().toISOString();
    const inboxes: { userId: string; connectionId: string; sequenceId: string }[] = [];
    for (const { user, password } of users) {
      const userId = await insertBenchUser(services, user);
      const connection = await insertImapConnection(
        services,
        userId,
        user,
        password,
        993,
        'CONNECTED',
        'localhost',
      );
      const settings = { ...imapSettings(user, 993, 'localhost') };
      settings.smtp = { host: 'localhost', port: sink.submissionPort, security: 'STARTTLS' };
      // No copy to Sent over IMAP (as for Gmail and Microsoft 365, whose servers keep it): the sink
      // has no IMAP side, and the copy comes after the SMTP server's 250 that is measured here.
      settings.sentFolder = null;
      await db
        .updateTable('connections')
        .set({ settings_json: JSON.stringify(settings) })
        .where('id', '=', connection.id)
        .execute();
      const sequenceId = await insertSequence(db, userId, connection.id, [0], `Bench ${user}`);
      inboxes.push({ userId, connectionId: connection.id, sequenceId });
    }
    const contacts = Array.from({ length: ENROLLMENTS }, (_, i) => ({
      id: randomUUID(),
      email: `contact${i}@customer.test`,
      name: null,
      company: null,
      created_at: now,
    }));
    for (let i = 0; i < contacts.length; i += 500)
      await db
        .insertInto('contacts')
        .values(contacts.slice(i, i + 500))
        .execute();
    // Inserted paused (the scheduler skips them), then made due in 100 groups of 100, each group
    // one UPDATE: seeding time never eats into the measured window.
    const ids = contacts.map(() => randomUUID());
    const enrollments = contacts.map((contact, i) => {
      const inbox = inboxes[i % INBOXES]!;
      return {
        id: ids[i]!,
        sequence_id: inbox.sequenceId,
        contact_id: contact.id,
        user_id: inbox.userId,
        connection_id: inbox.connectionId,
        status: 'PAUSED' as const,
        pause_reason: 'BY_USER' as const,
        pause_detail: 'bench',
        next_position: 0,
        next_run_at: null,
        pending_outbox_id: null,
        last_sent_at: null,
        thread_json: null,
        created_at: now,
        updated_at: now,
        ended_at: null,
      };
    });
    for (let i = 0; i < enrollments.length; i += 500)
      await db
        .insertInto('enrollments')
        .values(enrollments.slice(i, i + 500))
        .execute();
    const start = Date.now() + LEAD_MS;
    const enrollmentOf = new Map(contacts.map((c, i) => [c.email, ids[i]!]));
    const due = new Map<string, number>();
    for (let g = 0; g < GROUPS; g++) {
      // Enrollment i is of inbox i % INBOXES: a run of INBOXES consecutive ones covers every inbox once.
      const group = ids.slice(g * INBOXES, (g + 1) * INBOXES);
      const at = start + Math.floor((g * SPREAD_MS) / GROUPS);
      for (const id of group) due.set(id, at);
      await db
        .updateTable('enrollments')
        .set({
          status: 'ACTIVE',
          pause_reason: null,
          pause_detail: null,
          next_run_at: new Date(at).toISOString(),
        })
        .where('id', 'in', group)
        .execute();
    }
    if (Date.now() > start) log(`sequences on ${engine}: seeding ran past the first due time`);
    log(`sequences on ${engine}: ${ENROLLMENTS} enrollments seeded (load ${load1()})`);

    const cpu = process.cpuUsage();
    await scheduler.start();
    await outbox.start();
    const deadline = start + SPREAD_MS + 120_000;
    while (accepted.size < ENROLLMENTS && Date.now() < deadline) await sleep(250);
    const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
    const acceptedAt = new Map<string | undefined, number>(
      [...accepted].map(([to, at]) => [enrollmentOf.get(to), at]),
    );
    const latencies = [...due].map(([id, at]) => (acceptedAt.get(id) ?? Number.NaN) - at);
    const queued = [...due].map(([id, at]) => (first.get(id) ?? Number.NaN) - at);
    // Let the scheduler settle what was sent, then count SENT rows and steps recorded twice.
    const sentBy = Date.now() + 30_000;
    let sent = 0;
    while (Date.now() < sentBy) {
      sent = Number(
        (
          await db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'SENT')
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (sent >= ENROLLMENTS) break;
      await sleep(500);
    }
    // A step sent twice would show as a second SENT event of the same enrollment.
    const events = await db
      .selectFrom('enrollment_events')
      .select((eb) => [
        eb.fn.countAll().as('all'),
        eb.fn.count('enrollment_id').distinct().as('distinct'),
      ])
      .where('type', '=', 'SENT')
      .executeTakeFirstOrThrow();
    const doubles = Number(events.all) - Number(events.distinct) + acceptedTwice;
    return { latencies, queued, sent, doubles, cpuMs };
  } finally {
    await scheduler.stop();
    await outbox.stop();
    await bench.close();
    await sink.stop();
  }
}

export async function runSequenceDispatch(engines: Engine[]): Promise<BenchResult> {
  const started = performance.now();
  const rows: string[][] = [];
  const headline: Headline[] = [];
  const only = process.env.BENCH_SEQUENCE_ENGINES?.split(',');
  for (const engine of engines.filter((e) => !only || only.includes(e))) {
    log(`sequence dispatch on ${engine}`);
    const before = load1();
    const { latencies, queued, sent, doubles, cpuMs } = await measure(engine);
    const dispatched = latencies.filter((l) => Number.isFinite(l));
    const s = summarize(dispatched);
    const q = summarize(queued.filter((l) => Number.isFinite(l)));
    rows.push([
      engine,
      `${dispatched.length} / ${latencies.length}`,
      ms(s.p50),
      ms(s.p95),
      ms(s.p99),
      ms(s.max),
      `${ms(q.p50)} / ${ms(q.p99)}`,
      String(sent),
      String(doubles),
      ms(cpuMs / Math.max(1, dispatched.length), 2),
      `${before} -> ${load1()}`,
    ]);
    headline.push([
      `due step -> accepted by the SMTP server, ${ENROLLMENTS} enrollments / ${INBOXES} inboxes, ${engine} (p50 / p99)`,
      `${ms(s.p50)} / ${ms(s.p99)}`,
      `p99 <= ${ms(GOAL_P99_MS)}`,
      dispatched.length === latencies.length
        ? atMost(s.p99, GOAL_P99_MS, ms)
        : 'missed (not all dispatched)',
    ]);
  }
  return {
    id: 'sequences',
    title: 'Sequence steps dispatched on time',
    method: [
      `A fresh database of each engine with the gateway's services (production settings), ${INBOXES} users with one IMAP connection (CONNECTED, no copy to Sent) and one one-step sequence each (send window all day, every day), ${ENROLLMENTS} contacts and ${ENROLLMENTS} enrollments (${ENROLLMENTS / INBOXES} per inbox) inserted PAUSED and then made due in ${GROUPS} groups of ${ENROLLMENTS / GROUPS} (one UPDATE each; one enrollment of every inbox per group), one group every ${SPREAD_MS / GROUPS / 1000} s over ${SPREAD_MS / 1000} s, the first ${LEAD_MS / 1000} s after the enrollments were inserted. The send window is open throughout, so it never moves a step (the goal excludes it); the sending limits are raised (INLET_SEND_LIMIT_PER_MINUTE / PER_DAY = 100,000) so they do not space the steps either.`,
      'One `SequenceScheduler` and one `OutboxWorker` with their production defaults send through a loopback SMTP sink in the same process: `startSmtpServer({ discard: true })` (STARTTLS, AUTH, each message read and dropped unparsed).',
      'Dispatched = the step\'s email answered 250 by the sink; latency per enrollment from its due time to that 250 (p50 ... max). "queued" is from the due time to the scheduler\'s `enrollmentChanged` publish after the step\'s outbox row committed. "sent" counts outbox rows SENT 30 s after the last acceptance at most; "sent twice" counts SENT events beyond one per enrollment plus emails the sink accepted twice for one contact. CPU per step is this process\'s user + system CPU (gateway and sink) from the scheduler\'s start to the last acceptance, divided by the emails accepted.',
    ],
    tables: [
      {
        headers: [
          'engine',
          'accepted',
          'p50',
          'p95',
          'p99',
          'max',
          'queued p50 / p99',
          'sent',
          'sent twice',
          'CPU per step',
          'load average (1 min)',
        ],
        rows,
      },
    ],
    headline,
    notes: [
      `The target in issue #16 is p99 <= ${ms(GOAL_P99_MS)} from a step's due time to its dispatch, excluding the send window.`,
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
