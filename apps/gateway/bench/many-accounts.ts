import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processUsage, startBenchDovecot, type BenchDovecot } from './lib/bench-dovecot.js';
import { atMost, load1, log, type BenchResult, type Headline } from './lib/report.js';
import { int, mib, ms, sec, sleep } from './lib/stats.js';
import type { WorkerInput, WorkerOutput } from './many-accounts-worker.js';

const WORKER = fileURLToPath(new URL('./many-accounts-worker.ts', import.meta.url));
const GATEWAY_DIR = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'accounts-bench-password';
const PREFIX = 'user';

interface Measured extends WorkerOutput {
  dovecotProcesses: number;
  dovecotPss: number;
  dovecotIdleCpuPercent: number;
}

async function measureScale(
  dovecot: BenchDovecot,
  accounts: number,
  idleSeconds: number,
  staggerMs: number,
  trust: WorkerInput['trust'],
  caFile: string,
  idlePollIntervalMs?: number,
): Promise<Measured> {
  const input: WorkerInput = {
    accounts,
    port: dovecot.imapsPort,
    ca: dovecot.ca,
    userPrefix: PREFIX,
    password: PASSWORD,
    staggerMs,
    idleSeconds,
    // Under load (a shared host) 1,000 accounts took longer than 0.1 s each to connect.
    rampTimeoutMs: 60_000 + accounts * (staggerMs + 400),
    trust,
    ...(idlePollIntervalMs ? { idlePollIntervalMs } : {}),
  };
  const child = spawn(
    process.execPath,
    ['--conditions=@inlet/source', '--import', 'tsx', '--expose-gc', WORKER],
    {
      cwd: GATEWAY_DIR,
      env: {
        ...process.env,
        BENCH_WORKER_INPUT: JSON.stringify(input),
        ...(trust === 'node-store' ? { NODE_EXTRA_CA_CERTS: caFile } : {}),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const budgetMs = input.rampTimeoutMs + idleSeconds * 1000 + 120_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), budgetMs);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let result: WorkerOutput | undefined;
  let cpu0 = 0;
  let window0 = 0;
  let dovecotIdleCpuPercent = Number.NaN;
  let usage = { pssBytes: 0, count: 0 };
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line === 'IDLE_START') {
        cpu0 = await dovecot.cpuSeconds();
        window0 = performance.now();
        child.stdin!.write('go\n');
      } else if (line === 'IDLE_END') {
        const cpu1 = await dovecot.cpuSeconds();
        dovecotIdleCpuPercent = ((cpu1 - cpu0) / ((performance.now() - window0) / 1000)) * 100;
        usage = await processUsage(await dovecot.processes());
        child.stdin!.write('go\n');
      } else if (line.startsWith('RESULT ')) {
        result = JSON.parse(line.slice(7)) as WorkerOutput;
      }
    }
    const code = await exited;
    if (!result)
      throw new Error(`the worker for ${accounts} accounts exited (${code}) without a result`);
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  return {
    ...result,
    dovecotProcesses: usage.count,
    dovecotPss: usage.pssBytes,
    dovecotIdleCpuPercent,
  };
}

/** Least-squares slope and intercept of y over x. */
function fit(points: { x: number; y: number }[]): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const slope = sxx === 0 ? my / mx : points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface ScalePlan {
  accounts: number;
  trust: WorkerInput['trust'];
  idleSeconds: number;
  /** Poll IDLE folders this often instead of production's 15 min (see WorkerInput). */
  idlePollIntervalMs?: number;
}

export async function runManyAccounts(plan: ScalePlan[], target = 1000): Promise<BenchResult> {
  const started = performance.now();
  const max = Math.max(...plan.map((p) => p.accounts));
  const staggerMs = 10;
  const users = Array.from({ length: max }, (_, i) => ({
    user: `${PREFIX}${i}@accounts.test`,
    password: PASSWORD,
  }));
  const dovecot = await startBenchDovecot({ users, maxConnections: max * 3 + 100 });
  const caDir = mkdtempSync(join(tmpdir(), 'inlet-bench-ca-'));
  const caFile = join(caDir, 'ca.pem');
  writeFileSync(caFile, dovecot.ca);
  const results: (Measured & { trust: WorkerInput['trust']; load: string })[] = [];
  const failures: string[] = [];
  let baseline = { pssBytes: 0, count: 0 };
  try {
    await sleep(500);
    baseline = await processUsage(await dovecot.processes());
    for (const { accounts, trust, idleSeconds, idlePollIntervalMs } of plan) {
      log(
        `many accounts: ${accounts} accounts, CA via ${trust} (stagger ${staggerMs} ms, then ${idleSeconds} s idle)`,
      );
      try {
        const r = await measureScale(
          dovecot,
          accounts,
          idleSeconds,
          staggerMs,
          trust,
          caFile,
          idlePollIntervalMs,
        );
        results.push({ ...r, trust, load: load1() });
        log(
          `many accounts: ${accounts}: ${r.connected} CONNECTED in ${sec(r.rampSeconds)}, RSS +${mib(r.rssAfter - r.rssBefore)}, idle CPU ${r.idleCpuPercent.toFixed(2)}%, ${r.polledInWindow} accounts polled in the window`,
        );
      } catch (err) {
        failures.push(`${accounts} accounts (${trust}): ${(err as Error).message}`);
        log(`many accounts: ${accounts} failed: ${(err as Error).message}`);
      }
      // Let Dovecot's imap processes of the previous round exit.
      for (let i = 0; i < 100 && (await dovecot.processes()).length > baseline.count + 2; i++)
        await sleep(100);
    }
  } finally {
    await dovecot.stop();
    rmSync(caDir, { recursive: true, force: true });
  }

  const rows = results.map((r) => [
    int(r.accounts),
    r.trust === 'node-store' ? 'Node store' : 'INLET_EXTRA_CA_FILE',
    `${int(r.connected)}`,
    int(r.imapConnections),
    sec(r.rampSeconds, 1),
    mib(r.rssBefore),
    mib(r.rssAfter),
    `${((r.rssAfter - r.rssBefore) / r.accounts / 1024).toFixed(0)} KiB`,
    `${((r.heapAfter - r.heapBefore) / r.accounts / 1024).toFixed(0)} KiB`,
    `${r.idleCpuPercent.toFixed(2)} % (${r.idleSeconds.toFixed(0)} s)`,
    `${int(r.polledInWindow)}`,
    `${r.eventLoopMaxMs.toFixed(0)} ms`,
    `${int(r.dovecotProcesses)} / ${mib(r.dovecotPss, 0)}`,
    `${r.dovecotIdleCpuPercent.toFixed(2)} %`,
    r.load,
  ]);
  const notes: string[] = [];
  const complete = results.filter((r) => r.connected >= r.accounts && r.trust === 'node-store');
  if (complete.length >= 2) {
    const rss = fit(complete.map((r) => ({ x: r.accounts, y: r.rssAfter - r.rssBefore })));
    const largest = Math.max(...complete.map((r) => r.accounts));
    const slopeLine = `Scaling (test CA in Node's store), linear fit over ${complete.map((r) => int(r.accounts)).join(' and ')} accounts: resident memory grows by ${(rss.slope / 1024).toFixed(0)} KiB per account (idle CPU is too small to fit a line through; see the column).`;
    notes.push(
      largest >= target
        ? `${slopeLine} ${int(largest)} accounts (${int(largest * 2)} IDLE connections) were measured directly: no extrapolation.`
        : `${slopeLine} **Extrapolation, not a measurement:** at ${int(target)} accounts that line gives ~${mib(rss.intercept + rss.slope * target, 0)} more resident memory than before the accounts started.`,
    );
  }
  const store = results.find((r) => r.trust === 'node-store' && r.connected >= r.accounts);
  const file = results.find(
    (r) =>
      r.trust === 'extra-ca-file' && r.connected >= r.accounts && r.accounts === store?.accounts,
  );
  const perAccount = (r: Measured) => (r.rssAfter - r.rssBefore) / r.accounts / 1024;
  if (store && file) {
    notes.push(
      `Trusting the server's CA through \`INLET_EXTRA_CA_FILE\` (the deployment option for a company CA) instead of Node's own store: ${perAccount(file).toFixed(0)} KiB instead of ${perAccount(store).toFixed(0)} KiB per account, and ${int(file.accounts)} accounts took ${sec(file.rampSeconds, 1)} instead of ${sec(store.rampSeconds, 1)} to connect. Connections that trust the same extra anchors share one TLS SecureContext (\`packages/providers/src/imap/tls-trust.ts\`), so the option adds no per-connection copy of Node's root certificates.`,
    );
  }
  for (const r of results) {
    if (r.connected < r.accounts)
      notes.push(
        `${r.accounts} accounts: only ${r.connected} reached CONNECTED in time (statuses ${JSON.stringify(r.statuses)}).`,
      );
  }
  notes.push(...failures.map((f) => `Not measured: ${f}`));
  return {
    id: 'many-accounts',
    title: 'Many accounts on one worker',
    method: [
      `A bench-only Dovecot (\`bench/lib/bench-dovecot.ts\`) with ${int(max)} users and raised limits (imap-login in high-performance mode: \`service_count = 0\`, a few login processes proxy every TLS connection; \`service imap { process_limit }\`, \`default_process_limit\` and \`default_client_limit\` at ${int(max * 3 + 200)}+; \`mail_max_userip_connections = 20\`). Each IMAP connection still has its own \`imap\` process, as in a default install. Idle Dovecot before any account: ${baseline.count} processes, ${mib(baseline.pssBytes)} PSS.`,
      `Each row is a fresh Node process (\`bench/many-accounts-worker.ts\`, \`--expose-gc\`): a real gateway (\`createGateway\` on a fresh SQLite file, \`test/testkit/gateway.ts\`) whose \`SyncSupervisor\` (\`imapSessionFactory(services)\` with production timing, \`staggerMs: ${staggerMs}\`) syncs N saved IMAP connections (rows and encrypted passwords inserted directly, as \`connectImap\` leaves them). Each account is INBOX + Sent: 2 TLS connections, each in IDLE once synced. Every account is on the same mail host, so the supervisor's per-host cap on concurrent connects (\`perHostLimit\`, default) paces the ramp together with the stagger (10 ms instead of the default 250 ms, which alone would spread 1,000 accounts over 250 s).`,
      `"RSS before" is \`process.memoryUsage().rss\` after migrations, inserts and a full GC, before \`supervisor.start()\`; "RSS after" once every account is CONNECTED plus 3 s (all IDLE), after a full GC; per account = (after - before) / N, and the same for the V8 heap. Idle CPU is \`process.cpuUsage()\` over the idle window shown (nothing happens on the server), as % of one core. Event-loop max is the worst lateness of a 100 ms timer in that window. "Test CA trusted via": the Dovecot certificate is signed by a test CA, given to the worker either as \`NODE_EXTRA_CA_CERTS\` ("Node store": like a server with a publicly trusted certificate, no per-connection \`ca\`) or as \`INLET_EXTRA_CA_FILE\` (the deployment option for a company CA).`,
      `Dovecot columns, for scale: its process count and total PSS (proportional set size from /proc/<pid>/smaps_rollup, so shared pages are not counted twice) with all accounts connected, and its CPU over the same idle window.`,
    ],
    tables: [
      {
        headers: [
          'accounts',
          'test CA trusted via',
          'CONNECTED',
          'IMAP conns',
          'ramp',
          'RSS before',
          'RSS after',
          'RSS / account',
          'heap / account',
          'idle CPU (1 core)',
          'accounts polled in the window',
          'event-loop max',
          'Dovecot procs / PSS',
          'Dovecot idle CPU',
          'load (1 min)',
        ],
        rows,
      },
    ],
    headline: [
      ...results
        .filter((r) => r.trust === 'node-store')
        .map(
          (r) =>
            [
              `${int(r.accounts)} accounts (${int(r.imapConnections)} IDLE connections) on one worker`,
              `${r.connected >= r.accounts ? 'all CONNECTED' : `${int(r.connected)} CONNECTED`} in ${sec(r.rampSeconds, 1)}; RSS +${mib(r.rssAfter - r.rssBefore)} (${perAccount(r).toFixed(0)} KiB/account); idle CPU ${r.idleCpuPercent.toFixed(2)} % of a core over ${r.idleSeconds.toFixed(0)} s`,
              ...(r.accounts >= 1000
                ? [
                    'idle CPU <= 2 % of a core over >= 5 min',
                    r.idleSeconds >= 300
                      ? atMost(r.idleCpuPercent, 2, (v) => `${v.toFixed(2)} %`)
                      : `no verdict: window ${r.idleSeconds.toFixed(0)} s < 5 min (BENCH_IDLE_SECONDS=300)`,
                  ]
                : []),
            ] as Headline,
        ),
      ...results
        .filter((r) => r.trust === 'extra-ca-file')
        .map(
          (r) =>
            [
              `${int(r.accounts)} accounts with INLET_EXTRA_CA_FILE`,
              `${perAccount(r).toFixed(0)} KiB/account`,
            ] as [string, string],
        ),
    ],
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}
