import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapSyncSession } from '@inlet/providers/imap';
import { startDovecot, startSmtpServer } from '@inlet/providers/testing';
import { KyselySyncStore } from '../src/engine/kysely-sync-store.js';
import { SyncSupervisor } from '../src/engine/supervisor.js';
import { connectImapInbox } from '../test/testkit/connections.js';
import { CreateDomainSettings } from '../test/testkit/documents.js';
import { startTestGateway } from '../test/testkit/gateway.js';
import { imapServers } from '../test/testkit/mail-servers.js';
import { until } from '../test/testkit/wait.js';
import { imapClient, imapTarget, targetSessionOptions } from './lib/mail.js';
import { installNewMailTrace, probeOwnExists } from './lib/new-mail-trace.js';
import { atMost, load1, log, type BenchResult } from './lib/report.js';
import {
  insertBenchUser,
  insertImapConnection,
  openServices,
  PRODUCTION_ENV,
} from './lib/services.js';
import { latencyCells, ms, sleep, summarize, withTimeout } from './lib/stats.js';

export const SAMPLES = 30;
/** Issue #15: Inlet's own share of new mail -> event, at p99. */
const GOAL_INLET_P99_MS = 30;
const BURST = 20;
const BURSTS = 5;
/** Wait after each event before the next APPEND: longer than the sync connection's 1 s auto-IDLE delay. */
const GAP_MS = 1250;

const MessageSynced = `subscription BenchMessageSynced($connectionId: ID!) { messageSynced(connectionId: $connectionId) { subject } }`;

type Mode = 'embedded' | 'worker';
interface Sample {
  append: number;
  /** The bench's bare IDLE client heard EXISTS. */
  exists: number;
  /** The sync session's own INBOX connection heard EXISTS (embedded only; NaN with a worker process). */
  ownExists: number;
  event: number;
}

const gatewayDir = fileURLToPath(new URL('..', import.meta.url));
/** BENCH_NEW_MAIL_TRACE=1: print each embedded sample's timeline (imapflow commands, store, publish) from Dovecot's EXISTS. */
const trace = process.env.BENCH_NEW_MAIL_TRACE ? installNewMailTrace() : undefined;

/**
 * `embedded`: one gateway process syncs and serves the subscription (SQLite). `worker`: the gateway
 * only serves (INLET_SYNC=off, PostgreSQL); a `src/worker.ts` process syncs and its event reaches the
 * gateway through Redis, as in the scale-out deployment.
 */
async function measure(
  mode: Mode,
  redisUrl: string | undefined,
): Promise<{ samples: Sample[]; load: string }> {
  const account = { email: 'jane@latency.test', password: 'jane-latency-password' };
  const [dovecot, smtp] = await Promise.all([
    startDovecot({ users: [{ user: account.email, password: account.password }] }),
    startSmtpServer({ users: [{ user: account.email, password: account.password }] }),
  ]);
  const caDir = mkdtempSync(join(tmpdir(), 'inlet-bench-ca-'));
  writeFileSync(join(caDir, 'ca.pem'), `${dovecot.ca}\n${smtp.ca}\n`);
  const shared = { INLET_EXTRA_CA_FILE: join(caDir, 'ca.pem'), INLET_ISPDB_URL: 'off' };
  const scale: Record<string, string> =
    mode === 'worker'
      ? {
          REDIS_URL: redisUrl!,
          INLET_REDIS_PREFIX: `inlet-bench-${randomUUID().slice(0, 8)}`,
          INLET_SYNC: 'off',
        }
      : {};
  const gw = await startTestGateway(mode === 'worker' ? 'postgres' : 'sqlite', {
    env: { ...shared, ...scale, ...PRODUCTION_ENV },
  });
  let supervisor: SyncSupervisor | undefined;
  let worker: ChildProcess | undefined;
  if (mode === 'embedded') {
    supervisor = new SyncSupervisor(gw.services, {
      // Production timing (no test overrides): auto-IDLE 1 s after the last command, 1.5 s quiet window for follow-up syncs.
      kinds: ['IMAP'],
    });
    await supervisor.start();
  } else {
    const { config } = gw.services;
    worker = spawn(
      process.execPath,
      ['--conditions=@inlet/source', '--import', 'tsx', 'src/worker.ts'],
      {
        cwd: gatewayDir,
        env: {
          ...process.env,
          ...shared,
          ...scale,
          DATABASE_URL: config.databaseUrl,
          INLET_ENCRYPTION_KEYS: config.encryption.keys!,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const registered = () => gw.services.db.selectFrom('sync_workers').select('id').execute();
    // tsx compiles the worker on start: slow on a loaded machine.
    if ((await until(registered, (rows) => rows.length > 0, 90_000)).length === 0)
      throw new Error('the sync worker did not start');
  }
  const target = imapTarget(dovecot, { user: account.email, password: account.password });
  const appender = imapClient(target);
  const watcher = imapClient(target);
  const unsubscribe: (() => void)[] = [];
  const samples: Sample[] = [];
  // The sync connection lives in this process only when embedded.
  const own = mode === 'embedded' ? probeOwnExists([appender, watcher]) : undefined;
  if (own) unsubscribe.push(() => own.stop());
  try {
    const cookie = await gw.signIn();
    const imap = imapServers(dovecot, smtp);
    await gw.execute(CreateDomainSettings, { input: { domain: 'latency.test', imap } }, { cookie });
    const id = await connectImapInbox(gw, cookie, {
      email: account.email,
      password: account.password,
      ...imap,
    });
    const status = async () =>
      (
        await gw.services.db
          .selectFrom('connections')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    if ((await until(status, (s) => s === 'CONNECTED', 30_000)) !== 'CONNECTED')
      throw new Error('the connection did not reach CONNECTED');

    // Arrival times by subject: the gateway's graphql-ws event, and a bare imapflow client's IDLE EXISTS.
    const eventAt = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const ws = gw.wsClient({ cookie });
    unsubscribe.push(
      ws.subscribe<{ messageSynced: { subject: string } }>(
        { query: MessageSynced, variables: { connectionId: id } },
        {
          next: (m) => {
            const subject = m.data?.messageSynced.subject;
            if (!subject) return;
            eventAt.set(subject, performance.now());
            waiters.get(subject)?.();
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    let existsAt: number | undefined;
    await Promise.all([appender.connect(), watcher.connect()]);
    await watcher.mailboxOpen('INBOX');
    watcher.on('exists', () => (existsAt ??= performance.now()));
    void watcher.idle().catch(() => undefined); // resolves only when IDLE ends; nothing else is sent on this connection
    await sleep(1500); // subscription registered, both INBOX connections idling

    log(`new-mail latency (${mode}): ${SAMPLES} APPENDs, one at a time`);
    for (let i = 0; i < SAMPLES; i++) {
      const subject = `Latency probe ${i} ${randomUUID()}`;
      const raw = `From: Bob <bob@customer.test>\r\nTo: ${account.email}\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@customer.test>\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello ${i}\r\n`;
      const arrived = new Promise<void>((resolve) => waiters.set(subject, resolve));
      existsAt = undefined;
      const t0 = performance.now();
      await appender.append('INBOX', raw);
      const appended = performance.now();
      await withTimeout(arrived, 15_000, `messageSynced for APPEND ${i}`);
      waiters.delete(subject);
      if (trace && mode === 'embedded' && existsAt !== undefined) {
        const from = existsAt;
        const line = trace
          .take(t0)
          .filter((m) => m.at >= from - 5)
          .map((m) => `+${(m.at - from).toFixed(0)} ${m.what}`);
        log(
          `sample ${i}: event +${(eventAt.get(subject)! - from).toFixed(0)} | ${line.join(', ')}`,
        );
      }
      const ownExistsAt = own?.firstSince(t0);
      samples.push({
        append: appended - t0,
        exists: existsAt !== undefined ? existsAt - t0 : Number.NaN,
        ownExists: ownExistsAt !== undefined ? ownExistsAt - t0 : Number.NaN,
        event: eventAt.get(subject)! - t0,
      });
      await sleep(GAP_MS);
    }
  } finally {
    unsubscribe.forEach((u) => u());
    await Promise.all([
      appender.logout().catch(() => appender.close()),
      watcher.logout().catch(() => watcher.close()),
    ]);
    await supervisor?.stop();
    if (worker) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await gw.close();
    await Promise.all([dovecot.stop(), smtp.stop()]);
    rmSync(caDir, { recursive: true, force: true });
  }
  return { samples, load: load1() };
}

interface Burst {
  /** Syncs of INBOX from the first APPEND until 1.5 s after the last message was stored. */
  syncs: number;
  /** First APPEND start -> all messages of the burst stored. */
  storedMs: number;
}

/**
 * A burst of new mail: BURST messages APPENDed back to back while the session IDLEs, BURSTS times. Counts
 * the INBOX syncs each burst costs (ImapSyncSession with production timing, writing through
 * KyselySyncStore to SQLite, as the embedded gateway does).
 */
async function measureBursts(): Promise<{ bursts: Burst[]; load: string }> {
  const account = { email: 'burst@latency.test', password: 'burst-latency-password' };
  const dovecot = await startDovecot({
    users: [{ user: account.email, password: account.password }],
  });
  const opened = await openServices('sqlite');
  const target = imapTarget(dovecot, { user: account.email, password: account.password });
  const appender = imapClient(target);
  const bursts: Burst[] = [];
  let session: ImapSyncSession | undefined;
  try {
    const { services } = opened;
    const userId = await insertBenchUser(services, 'owner-burst@latency.test');
    const connection = await insertImapConnection(
      services,
      userId,
      account.email,
      account.password,
      dovecot.imapsPort,
    );
    session = new ImapSyncSession({
      ...targetSessionOptions(target),
      store: new KyselySyncStore(services, connection),
    });
    const synced: { folder: string; fetched: number }[] = [];
    session.on('synced', (summary) => synced.push(summary));
    const errors: string[] = [];
    session.on('error', (err) => errors.push(`${err.code}: ${err.message}`));
    await session.start();
    await appender.connect();
    for (let b = 0; b < BURSTS; b++) {
      await sleep(GAP_MS); // the session IDLEs again
      synced.length = 0;
      const t0 = performance.now();
      for (let i = 0; i < BURST; i++) {
        const raw = `From: Bob <bob@customer.test>\r\nTo: ${account.email}\r\nSubject: Burst ${b}.${i}\r\nMessage-ID: <${randomUUID()}@customer.test>\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello ${i}\r\n`;
        await appender.append('INBOX', raw);
      }
      const stored = () => synced.reduce((n, s) => n + (s.folder === 'INBOX' ? s.fetched : 0), 0);
      await until(
        async () => stored(),
        (n) => n >= BURST,
        30_000,
      );
      const storedMs = performance.now() - t0;
      if (stored() < BURST)
        throw new Error(
          `burst ${b}: only ${stored()} of ${BURST} stored within 30 s (${synced.length} syncs, idling: ${session
            .connectionInfo()
            .map((c) => `${c.role} ${c.idling}`)
            .join(', ')}; session errors: ${errors.join('; ') || 'none'})`,
        );
      await sleep(1500); // trailing syncs, if any
      bursts.push({ syncs: synced.filter((s) => s.folder === 'INBOX').length, storedMs });
    }
    return { bursts, load: load1() };
  } finally {
    await appender.logout().catch(() => appender.close());
    await session?.stop();
    await opened.close();
    await dovecot.stop();
  }
}

/** Both modes side by side; the worker mode needs PostgreSQL and Redis (`redisUrl`). */
export async function runNewMailLatency(options: {
  redisUrl?: string;
  postgres: boolean;
}): Promise<BenchResult> {
  const started = performance.now();
  const embeddedRun = await measure('embedded', undefined);
  const embedded = embeddedRun.samples;
  let scaledFailure: string | undefined;
  const scaledRun =
    options.redisUrl && options.postgres
      ? await measure('worker', options.redisUrl).catch((err: Error) => {
          scaledFailure = err.message;
          return undefined;
        })
      : undefined;
  const scaled = scaledRun?.samples;
  const burstRun = await measureBursts();
  const finite = (values: number[]) => values.filter(Number.isFinite);
  /** Each row: its numbers, the 1-minute load average at the end of its run, and p50 against the Dovecot floor. */
  const row = (label: string, values: number[], load: string, floor: Sample[] | null) => {
    const v = summarize(finite(values));
    const limit = floor ? summarize(finite(floor.map((x) => x.exists))).p50 : Number.NaN;
    return [
      label,
      ...latencyCells(v),
      Number.isFinite(limit) ? `${(v.p50 / limit).toFixed(2)}x` : '-',
      load,
    ];
  };
  const rowsOf = (label: string, run: { samples: Sample[]; load: string }) => [
    row(
      `${label}: APPEND start -> messageSynced event (end to end)`,
      run.samples.map((x) => x.event),
      run.load,
      run.samples,
    ),
    row(
      `${label}: APPEND start -> bare IDLE EXISTS (Dovecot floor, the limit)`,
      run.samples.map((x) => x.exists),
      run.load,
      run.samples,
    ),
    row(
      `${label}: event - the bare client's EXISTS`,
      run.samples.map((x) => x.event - x.exists),
      run.load,
      null,
    ),
    ...(run.samples.some((x) => Number.isFinite(x.ownExists))
      ? [
          row(
            `${label}: event - its own connection's EXISTS (Inlet's own share)`,
            run.samples.map((x) => x.event - x.ownExists),
            run.load,
            null,
          ),
          row(
            `${label}: its own connection's EXISTS - the bare client's (Dovecot)`,
            run.samples.map((x) => x.ownExists - x.exists),
            run.load,
            null,
          ),
        ]
      : []),
    row(
      `${label}: APPEND command itself`,
      run.samples.map((x) => x.append),
      run.load,
      null,
    ),
  ];
  const headlineOf = (label: string, samples: Sample[]): [string, string] => {
    const e = summarize(samples.map((x) => x.event));
    return [
      `new mail -> messageSynced, ${label}, N=${e.n} (p50 / p95 / p99 / max)`,
      `${ms(e.p50)} / ${ms(e.p95)} / ${ms(e.p99)} / ${ms(e.max)}`,
    ];
  };
  /**
   * Embedded, Inlet's own share starts when its own connection heard EXISTS; with a worker process
   * that is not visible from here, so it starts at the bare client's EXISTS and includes how much
   * later Dovecot told the worker's connection (an upper bound).
   */
  const inletOf = (label: string, samples: Sample[]): [string, string, string, string] => {
    const ownSeen = samples.some((x) => Number.isFinite(x.ownExists));
    const inlet = summarize(finite(samples.map((x) => x.event - x.exists)));
    if (!ownSeen)
      return [
        `Inlet's share (event - the bare client's EXISTS, an upper bound), ${label}, p50 / p99`,
        `${ms(inlet.p50)} / ${ms(inlet.p99)}`,
        `p99 <= ${GOAL_INLET_P99_MS} ms`,
        atMost(inlet.p99, GOAL_INLET_P99_MS, (v) => ms(v)),
      ];
    const own = summarize(finite(samples.map((x) => x.event - x.ownExists)));
    return [
      `Inlet's own share (event - its own connection's EXISTS), ${label}, p50 / p99`,
      `${ms(own.p50)} / ${ms(own.p99)} (from the bare client's EXISTS: ${ms(inlet.p50)} / ${ms(inlet.p99)})`,
      `p99 <= ${GOAL_INLET_P99_MS} ms`,
      atMost(own.p99, GOAL_INLET_P99_MS, (v) => ms(v)),
    ];
  };
  const floor = summarize(embedded.map((x) => x.exists).filter(Number.isFinite));
  const burstSyncs = burstRun.bursts.map((b) => b.syncs);
  const burstStored = summarize(burstRun.bursts.map((b) => b.storedMs));
  return {
    id: 'new-mail-latency',
    title: 'New mail to subscription event',
    method: [
      `A test Dovecot (\`startDovecot\`, maildir, inotify) and SMTP server, and a real gateway (\`createGateway\`, \`test/testkit/gateway.ts\`). Two deployments, measured one after the other: **embedded** (the default: the gateway on a fresh SQLite file runs a \`SyncSupervisor\` with \`imapSessionFactory(services)\` itself) and **worker + Redis** (the scale-out deployment: the gateway on a fresh PostgreSQL database with \`INLET_SYNC=off\` only serves; a separate \`src/worker.ts\` process owns the connection through its lease and publishes on Redis (local, \`redis://127.0.0.1:6379\` or \`TEST_REDIS_URL\`), from where the gateway delivers to its subscriber). Production timing in both (auto-IDLE 1 s after the last command; a change notification after 1.5 s without any starts a sync at once; later ones are coalesced into one more, run once they have been quiet for 1.5 s). The account is connected through the \`connectImap\` mutation, as a user would, and reaches CONNECTED (INBOX and Sent connections IDLE).`,
      `A graphql-ws client (cookie session) subscribes to \`messageSynced(connectionId)\` on the gateway. A separate imapflow connection APPENDs ${SAMPLES} messages one at a time: each APPEND waits for its event, then ${GAP_MS} ms (longer than the 1 s auto-IDLE delay, so every APPEND finds the sync connection idling, as on a quiet inbox). Latency is APPEND start -> the event's arrival at the subscriber, in the bench process (\`performance.now()\`).`,
      `For comparison, a bare imapflow client IDLEs on the same INBOX and records when Dovecot's untagged EXISTS arrives: that is Dovecot's own share, the floor no client can beat. Dovecot does not announce a new message the instant it is written: its mailbox watcher (inotify) coalesces changes for about half a second before IDLE clients are told, so every new-mail latency on this server starts at ~0.5 s. The rest is Inlet, measured embedded from when its own INBOX connection heard EXISTS (Dovecot tells each IDLE process separately, the sync connection sometimes a few to 20 ms after the bare client: that skew is a row of its own), and with a worker process from the bare client's EXISTS (the worker's connection is in another process; an upper bound): leaving IDLE (DONE), UID FETCH n:* of the announced messages (the folder stays selected; no NOOP, STATUS or CHANGEDSINCE first: they follow the publish), parse, one database transaction, pubsub (and, with a worker, the Redis hop) and the WebSocket frame. \`BENCH_NEW_MAIL_TRACE=1\` prints each embedded sample's timeline (imapflow commands, the batch write, the publish) from Dovecot's EXISTS.`,
      `Bursts: a separate \`ImapSyncSession\` (production timing, \`KyselySyncStore\` on SQLite, the embedded gateway's path) IDLEs on another account; ${BURST} messages are APPENDed back to back, ${BURSTS} times, and the INBOX syncs (\`synced\` events) are counted from the first APPEND until 1.5 s after the last message was stored.`,
    ],
    tables: [
      {
        headers: [
          'measure',
          'n',
          'p50',
          'p95',
          'p99',
          'max',
          'p50 vs Dovecot floor',
          'load (1 min)',
        ],
        rows: [
          ...rowsOf('embedded', embeddedRun),
          ...(scaledRun ? rowsOf('worker + Redis', scaledRun) : []),
        ],
      },
      {
        caption: `Bursts: ${BURST} messages APPENDed back to back while the session IDLEs (${BURSTS} bursts).`,
        headers: ['burst', 'INBOX syncs', 'first APPEND -> all stored', 'load (1 min)'],
        rows: burstRun.bursts.map((b, i) => [
          String(i + 1),
          String(b.syncs),
          ms(b.storedMs),
          burstRun.load,
        ]),
      },
    ],
    headline: [
      headlineOf('embedded', embedded),
      inletOf('embedded', embedded),
      ...(scaled
        ? [
            headlineOf('worker process -> Redis -> gateway', scaled),
            inletOf('worker + Redis', scaled),
          ]
        : []),
      ['of which Dovecot before any client hears of it (p50, embedded run)', ms(floor.p50)] as [
        string,
        string,
      ],
      [
        `INBOX syncs per burst of ${BURST} new messages (${BURSTS} bursts)`,
        `${Math.min(...burstSyncs)}-${Math.max(...burstSyncs)} (all stored after ${ms(burstStored.p50)} p50)`,
        '1 or 2',
        Math.max(...burstSyncs) <= 2 ? 'met' : `missed (${Math.max(...burstSyncs)} syncs)`,
      ],
    ],
    notes: [
      `With ${SAMPLES} samples the nearest-rank p99 is the second-largest or largest sample; treat it as "the worst of ${SAMPLES}".`,
      ...(scaled
        ? []
        : [
            `The worker + Redis deployment was not measured: ${scaledFailure ?? 'PostgreSQL or Redis was unreachable'}.`,
          ]),
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
