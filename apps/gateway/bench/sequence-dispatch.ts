import { OutboxWorker } from '../src/engine/outbox-worker.js';
import { SequenceScheduler } from '../src/engine/sequences/scheduler.js';
import type { Engine } from '../test/testkit/databases.js';
import { caFile } from '../test/testkit/mail-servers.js';
import { atMost, load1, log, type BenchResult, type Headline } from './lib/report.js';
import {
  outboxCount,
  seedEnrollments,
  seedInboxes,
  sentEventsTwice,
  startAcceptingSink,
} from './lib/sequence-population.js';
import { openServices } from './lib/services.js';
import { ms, sleep, summarize } from './lib/stats.js';
import { measureTakeover, TAKEOVER_LEASE_S, type Takeover } from './sequence-takeover.js';

/** The population by default; smaller through the environment for a quick run or a profile. */
export const ENROLLMENTS = Number(process.env.BENCH_SEQUENCE_ENROLLMENTS ?? 10_000);
export const INBOXES = Number(process.env.BENCH_SEQUENCE_INBOXES ?? 100);
/** Due times spread evenly over this window, which starts once everything is seeded. */
const SPREAD_MS = Number(process.env.BENCH_SEQUENCE_SPREAD_SECONDS ?? 60) * 1000;
export const LEAD_MS = 8_000;
const GOAL_P99_MS = 1_000;
/**
 * The sending limit of an inbox (INLET_SEND_LIMIT_PER_MINUTE's default): the fastest an inbox's steps
 * go out by design, so the design's due rate is every inbox at this limit.
 */
export const LIMIT_PER_MINUTE = 10;

/**
 * How many of the population are due in the run. 'limits': every inbox one step per its sending
 * limit (100 inboxes x 10 a minute = 16.7 due/s); 'all-due': every enrollment due within the window
 * (167 due/s at the defaults, 10x the limits: saturation); 'takeover': the limits' rate, with the
 * dispatching worker killed -9 and replaced mid-run.
 */
export type LoadModel = 'limits' | 'all-due' | 'takeover';
export const dueCount = (model: LoadModel) =>
  model === 'all-due'
    ? ENROLLMENTS
    : Math.min(ENROLLMENTS, Math.round((INBOXES * LIMIT_PER_MINUTE * SPREAD_MS) / 60_000));

interface Measured {
  /** Per due enrollment: due time -> its email accepted by the SMTP server (NaN: not within the wait). */
  latencies: number[];
  /** Per due enrollment: due time -> the scheduler's publish after queueing it in the outbox. */
  queued: number[];
  /** Emails accepted per second from the first due time to the last acceptance. */
  throughput: number;
  sent: number;
  /** Steps sent twice: SENT events beyond one per enrollment, plus emails the server accepted twice. */
  doubles: number;
  /** CPU of this process (gateway and the sink SMTP server) from start to the last acceptance. */
  cpuMs: number;
}

/**
 * ENROLLMENTS ACTIVE enrollments across INBOXES inboxes (one user, inbox and one-step sequence each),
 * dueCount(model) of them due over SPREAD_MS; the production scheduler and outbox worker (default
 * settings) in this process, against a sink SMTP server.
 */
async function measure(engine: Engine, model: 'limits' | 'all-due'): Promise<Measured> {
  const due = dueCount(model);
  const { sink, users, accepted, acceptedTwice } = await startAcceptingSink(INBOXES);
  const bench = await openServices(engine, {
    INLET_EXTRA_CA_FILE: caFile(sink.ca),
    INLET_ALLOW_PRIVATE_HOSTS: `localhost:${sink.submissionPort}`,
    // The sending limits would hold steps for their next slot, which the goal does not count: the
    // load model drives the inboxes at (or beyond) the limits instead.
    INLET_SEND_LIMIT_PER_MINUTE: '100000',
    INLET_SEND_LIMIT_PER_DAY: '100000',
  });
  const { services } = bench;
  const first = new Map<string, number>();
  services.pubsub.observePublishes((topic, payload) => {
    if (topic !== 'enrollmentChanged') return;
    const id = (payload as { enrollmentId: string }).enrollmentId;
    if (!first.has(id)) first.set(id, Date.now());
  });
  const scheduler = new SequenceScheduler(services);
  const outbox = new OutboxWorker(services);
  try {
    const inboxes = await seedInboxes(services, users, sink.submissionPort);
    const start = Date.now() + LEAD_MS;
    const population = await seedEnrollments(services, inboxes, ENROLLMENTS, due, start, SPREAD_MS);
    if (Date.now() > start) log(`sequences on ${engine}: seeding ran past the first due time`);
    log(
      `sequences on ${engine}, ${model}: ${ENROLLMENTS} enrollments seeded, ${due} due (load ${load1()})`,
    );

    const cpu = process.cpuUsage();
    await scheduler.start();
    await outbox.start();
    const deadline = start + SPREAD_MS + 120_000;
    while (accepted.size < due && Date.now() < deadline) await sleep(250);
    const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
    const acceptedAt = new Map(
      [...accepted].map(([to, at]) => [population.enrollmentOf.get(to), at]),
    );
    const latencies = [...population.due].map(
      ([id, at]) => (acceptedAt.get(id) ?? Number.NaN) - at,
    );
    const queued = [...population.due].map(([id, at]) => (first.get(id) ?? Number.NaN) - at);
    const last = Math.max(...accepted.values());
    const throughput = accepted.size / Math.max(0.001, (last - start) / 1000);
    // Let the scheduler settle what was sent, then count SENT rows and steps recorded twice.
    const sentBy = Date.now() + 30_000;
    let sent = 0;
    while (Date.now() < sentBy) {
      sent = await outboxCount(services, 'SENT');
      if (sent >= due) break;
      await sleep(500);
    }
    const doubles = (await sentEventsTwice(services)) + acceptedTwice();
    return { latencies, queued, throughput, sent, doubles, cpuMs };
  } finally {
    await scheduler.stop();
    await outbox.stop();
    await bench.close();
    await sink.stop();
  }
}

const MODEL_LABEL: Record<LoadModel, string> = {
  limits: 'at the sending limits',
  'all-due': 'all due in the window',
  takeover: 'kill -9 takeover',
};

export async function runSequenceDispatch(engines: Engine[]): Promise<BenchResult> {
  const started = performance.now();
  const rows: string[][] = [];
  const takeoverRows: string[][] = [];
  const headline: Headline[] = [];
  const only = process.env.BENCH_SEQUENCE_ENGINES?.split(',');
  const models = (process.env.BENCH_SEQUENCE_MODELS?.split(',') ?? [
    'limits',
    'all-due',
    'takeover',
  ]) as LoadModel[];
  for (const engine of engines.filter((e) => !only || only.includes(e))) {
    for (const model of models) {
      if (model === 'takeover') {
        // Sync workers share PostgreSQL (src/worker.ts refuses SQLite): the takeover runs there only.
        if (engine !== 'postgres') continue;
        const before = load1();
        const t = await measureTakeover(engine, {
          enrollments: ENROLLMENTS,
          inboxes: INBOXES,
          due: dueCount('takeover'),
          spreadMs: SPREAD_MS,
          leadMs: LEAD_MS,
        });
        takeoverRows.push(takeoverRow(engine, t, `${before} -> ${load1()}`));
        headline.push([
          `steps accepted twice for one enrollment in a kill -9 takeover, ${engine}`,
          String(t.acceptedTwice + t.sentEventsTwice),
          '0',
          t.acceptedTwice + t.sentEventsTwice === 0 ? 'met' : 'missed',
        ]);
        continue;
      }
      log(`sequence dispatch on ${engine}: ${model}`);
      const before = load1();
      const { latencies, queued, throughput, sent, doubles, cpuMs } = await measure(engine, model);
      const dispatched = latencies.filter((l) => Number.isFinite(l));
      const s = summarize(dispatched);
      const q = summarize(queued.filter((l) => Number.isFinite(l)));
      const rate = (dueCount(model) / SPREAD_MS) * 1000;
      rows.push([
        engine,
        `${MODEL_LABEL[model]}: ${dueCount(model)} due, ${rate.toFixed(1)}/s`,
        `${dispatched.length} / ${latencies.length}`,
        ms(s.p50),
        ms(s.p95),
        ms(s.p99),
        ms(s.max),
        `${ms(q.p50)} / ${ms(q.p99)}`,
        `${throughput.toFixed(1)}/s`,
        String(sent),
        String(doubles),
        ms(cpuMs / Math.max(1, dispatched.length), 2),
        `${before} -> ${load1()}`,
      ]);
      headline.push([
        `due step -> accepted by the SMTP server, ${ENROLLMENTS} active / ${INBOXES} inboxes, ${MODEL_LABEL[model]} (${rate.toFixed(1)} due/s), ${engine} (p50 / p99)`,
        `${ms(s.p50)} / ${ms(s.p99)}`,
        `p99 <= ${ms(GOAL_P99_MS)}`,
        dispatched.length === latencies.length
          ? atMost(s.p99, GOAL_P99_MS, ms)
          : 'missed (not all dispatched)',
      ]);
    }
  }
  const limitsDue = dueCount('limits');
  return {
    id: 'sequences',
    title: 'Sequence steps dispatched on time',
    method: [
      `A fresh database of each engine with the gateway's services (production settings), ${INBOXES} users with one IMAP connection (CONNECTED, no copy to Sent) and one one-step sequence each (send window all day, every day), ${ENROLLMENTS} contacts and ${ENROLLMENTS} ACTIVE enrollments (${ENROLLMENTS / INBOXES} per inbox): the population. Of them, the run makes some due evenly over ${SPREAD_MS / 1000} s starting ${LEAD_MS / 1000} s after seeding (consecutive ones in different inboxes); the others are due a day later, so the scheduler reads past them. The send window is open throughout (the goal excludes it) and the sending limits are raised so no step waits for a slot (the goal excludes that wait too).`,
      `Load models: "at the sending limits" = every inbox one step due per its default sending limit (${LIMIT_PER_MINUTE} a minute; ${INBOXES} inboxes: ${((INBOXES * LIMIT_PER_MINUTE) / 60).toFixed(1)} due/s, ${limitsDue} due in the window). It is the highest due rate the design sends without holding steps: faster, steps wait for the inbox's next slot by design. "all due in the window" = all ${ENROLLMENTS} due within ${SPREAD_MS / 1000} s (${((ENROLLMENTS / SPREAD_MS) * 1000).toFixed(0)} due/s, ${((ENROLLMENTS / SPREAD_MS) * 60_000) / INBOXES} a minute per inbox, ${((ENROLLMENTS / SPREAD_MS) * 60_000) / INBOXES / LIMIT_PER_MINUTE}x the limits): the pipeline's saturation; its "throughput" is the emails accepted per second from the first due time to the last acceptance.`,
      'One `SequenceScheduler` and one `OutboxWorker` with their production defaults send through a loopback SMTP sink in the same process: `startSmtpServer({ discard: true })` (STARTTLS, AUTH, each message read and dropped unparsed).',
      'Dispatched = the step\'s email answered 250 by the sink; latency per due enrollment from its due time to that 250 (p50 ... max). "queued" is from the due time to the scheduler\'s `enrollmentChanged` publish after the step\'s outbox row committed. "sent" counts outbox rows SENT 30 s after the last acceptance at most; "sent twice" counts SENT events beyond one per enrollment plus emails the sink accepted twice for one contact. CPU per step is this process\'s user + system CPU (gateway and sink) from the scheduler\'s start to the last acceptance, divided by the emails accepted (at the limits it includes the idle polling between steps).',
      `kill -9 takeover (PostgreSQL: sync workers share it): the "at the sending limits" load, dispatched by a worker child process (\`bench/sequence-worker.ts\`: the production scheduler and outbox worker, owning all inboxes through the sync leases, ${TAKEOVER_LEASE_S} s lease and send lease); once a third of the due steps are accepted and at least one email is SENDING, it is SIGKILLed and a second worker with another identity starts, waits out the leases and takes over. "accepted twice" = emails the sink accepted twice for one contact (the goal: 0); "interrupted" = rows the new worker marked SEND_INTERRUPTED (not resent), of which "delivered" the sink had accepted before the kill without the sender learning so.`,
    ],
    tables: [
      {
        headers: [
          'engine',
          'load',
          'accepted',
          'p50',
          'p95',
          'p99',
          'max',
          'queued p50 / p99',
          'throughput',
          'sent',
          'sent twice',
          'CPU per step',
          'load average (1 min)',
        ],
        rows,
      },
      ...(takeoverRows.length > 0
        ? [
            {
              headers: [
                'engine',
                'due',
                'accepted',
                'SENDING at the kill',
                'interrupted (delivered)',
                'accepted twice',
                'SENT events twice',
                'first 250 after the kill',
                'left unsettled',
                'load average (1 min)',
              ],
              rows: takeoverRows,
            },
          ]
        : []),
    ],
    headline,
    notes: [
      `The target in issue #16 is p99 <= ${ms(GOAL_P99_MS)} from a step's due time to its dispatch, excluding the send window, and no step sent twice in a kill -9 takeover.`,
    ],
    seconds: (performance.now() - started) / 1000,
  };
}

function takeoverRow(engine: Engine, t: Takeover, load: string): string[] {
  return [
    engine,
    String(t.due),
    `${t.accepted} / ${t.due}`,
    String(t.sendingAtKill),
    `${t.interrupted} (${t.interruptedDelivered})`,
    String(t.acceptedTwice),
    String(t.sentEventsTwice),
    t.firstAcceptAfterKillMs === null ? 'none' : ms(t.firstAcceptAfterKillMs),
    String(t.unsettled),
    load,
  ];
}
