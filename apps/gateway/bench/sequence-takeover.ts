import { generateKeyEntry } from '../src/vault/keyring.js';
import type { Engine } from '../test/testkit/databases.js';
import { caFile } from '../test/testkit/mail-servers.js';
import { killHard, spawnProcess, type Spawned } from '../test/testkit/processes.js';
import { load1, log } from './lib/report.js';
import {
  outboxCount,
  seedEnrollments,
  seedInboxes,
  sentEventsTwice,
  startAcceptingSink,
} from './lib/sequence-population.js';
import { openServices } from './lib/services.js';
import { sleep } from './lib/stats.js';

/** The sync lease and the send lease of both workers: how long the takeover waits for the dead one. */
export const TAKEOVER_LEASE_S = 5;

export interface Takeover {
  due: number;
  accepted: number;
  /** Outbox rows SENDING when the first worker was killed. */
  sendingAtKill: number;
  /** Rows marked SEND_INTERRUPTED by the second worker, and of them the ones the sink had accepted. */
  interrupted: number;
  interruptedDelivered: number;
  /** Emails the sink accepted twice for one contact: a step sent twice. */
  acceptedTwice: number;
  sentEventsTwice: number;
  /** From the kill to the sink's first 250 after the second worker started (its first email). */
  firstAcceptAfterKillMs: number | null;
  /** Due enrollments whose step is neither SENT nor FAILED at the end of the wait. */
  unsettled: number;
}

/** Starts a dispatch worker child and waits until it holds its leases. */
async function startWorker(id: string, env: Record<string, string>): Promise<Spawned> {
  const worker = spawnProcess('bench/sequence-worker.ts', { ...env, BENCH_WORKER_ID: id });
  const deadline = Date.now() + 60_000;
  while (!worker.output.join('').includes('READY')) {
    if (worker.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`sequence worker ${id} did not start:\n${worker.output.join('')}`);
    await sleep(100);
  }
  return worker;
}

/**
 * The "at the sending limits" load dispatched by a worker child process that owns every inbox
 * through the sync leases; SIGKILLed mid-dispatch (a third of the due steps accepted, at least one
 * email SENDING), then a second worker takes the leases over once they expire. Counts what the sink
 * accepted twice and what was interrupted.
 */
export async function measureTakeover(
  engine: Engine,
  load: { enrollments: number; inboxes: number; due: number; spreadMs: number; leadMs: number },
): Promise<Takeover> {
  const { sink, users, accepted, acceptedTwice } = await startAcceptingSink(load.inboxes);
  const key = generateKeyEntry('bench1');
  const env = {
    INLET_ENCRYPTION_KEYS: key,
    INLET_EXTRA_CA_FILE: caFile(sink.ca),
    INLET_ALLOW_PRIVATE_HOSTS: `localhost:${sink.submissionPort}`,
    INLET_SEND_LIMIT_PER_MINUTE: '100000',
    INLET_SEND_LIMIT_PER_DAY: '100000',
    INLET_SYNC_LEASE_SECONDS: String(TAKEOVER_LEASE_S),
    INLET_SEND_LEASE_SECONDS: String(TAKEOVER_LEASE_S),
  };
  const bench = await openServices(engine, env);
  const { services } = bench;
  const workers: Spawned[] = [];
  try {
    const inboxes = await seedInboxes(services, users, sink.submissionPort);
    const workerEnv = {
      ...env,
      DATABASE_URL: services.config.databaseUrl,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
    };
    const first = await startWorker('bench-worker-a', workerEnv);
    workers.push(first);
    const start = Date.now() + load.leadMs;
    await seedEnrollments(services, inboxes, load.enrollments, load.due, start, load.spreadMs);
    log(
      `sequences takeover on ${engine}: ${load.due} of ${load.enrollments} due (load ${load1()})`,
    );

    const killAfter = Math.ceil(load.due / 3);
    while (accepted.size < killAfter && Date.now() < start + load.spreadMs + 60_000)
      await sleep(20);
    // Mid-dispatch: at least one email on the wire (SENDING), as late as 5 s more.
    const sendingBy = Date.now() + 5_000;
    let sendingAtKill = 0;
    while ((sendingAtKill = await outboxCount(services, 'SENDING')) === 0 && Date.now() < sendingBy)
      await sleep(5);
    await killHard(first);
    const killedAt = Date.now();
    log(`sequences takeover: killed -9 with ${accepted.size} accepted, ${sendingAtKill} SENDING`);
    workers.push(await startWorker('bench-worker-b', workerEnv));
    // Emails the sink finishes after the kill were still the first worker's: count from here.
    const secondReady = Date.now();

    // Until every due step is SENT or FAILED (interrupted ones included), or the wait ends.
    const deadline = Date.now() + load.spreadMs + 120_000;
    let settled = 0;
    while (Date.now() < deadline) {
      settled = (await outboxCount(services, 'SENT')) + (await outboxCount(services, 'FAILED'));
      if (settled >= load.due) break;
      await sleep(250);
    }
    await sleep(3_000); // the scheduler settles the last steps (SENT events)
    const failed = await services.db
      .selectFrom('outbox')
      .select(['message_json', 'last_error_json'])
      .where('status', '=', 'FAILED')
      .execute();
    const interrupted = failed.filter((r) => r.last_error_json?.includes('SEND_INTERRUPTED'));
    const delivered = interrupted.filter((r) => {
      const to = (JSON.parse(r.message_json) as { to: { address: string }[] }).to[0]?.address;
      return to !== undefined && accepted.has(to);
    });
    const after = [...accepted.values()].filter((at) => at > secondReady);
    return {
      due: load.due,
      accepted: accepted.size,
      sendingAtKill,
      interrupted: interrupted.length,
      interruptedDelivered: delivered.length,
      acceptedTwice: acceptedTwice(),
      sentEventsTwice: await sentEventsTwice(services),
      firstAcceptAfterKillMs: after.length > 0 ? Math.min(...after) - killedAt : null,
      unsettled: load.due - settled,
    };
  } finally {
    for (const worker of workers) await killHard(worker);
    await bench.close();
    await sink.stop();
  }
}
