/**
 * `npm run bench`: every benchmark, side by side, in one run, against loopback servers it starts and
 * stops itself (Dovecot, an SMTP server, gateways; PostgreSQL when it is reachable). Prints the tables
 * and writes docs/benchmarks.md from this run.
 *
 *   NODE_ENV=production node --conditions=@inlet/source --import tsx bench/run.ts [--only=initial-sync,new-mail-latency,many-accounts,connected-emails,verification] [--no-write]
 *
 * From the repository root: `npm run bench -- --only=connected-emails --no-write` (the root script ends
 * in `--`, so npm hands the flags to this script instead of taking them as its own options).
 *
 * Ids: initial-sync, new-mail-latency, many-accounts, verification, connected-emails, webhook-latency, sequences.
 *
 * Environment: BENCH_LOAD_SECONDS (connectedEmails seconds per row, default 10),
 * BENCH_IDLE_SECONDS (many-accounts idle window, default 30), BENCH_ACCOUNTS (largest account count, default 1000),
 * BENCH_SEQUENCE_ENROLLMENTS / _INBOXES / _SPREAD_SECONDS (sequences load, default 10,000 / 100 / 60),
 * BENCH_SEQUENCE_ENGINES (e.g. sqlite: one engine only), BENCH_SEQUENCE_MODELS (limits,all-due,takeover),
 * BENCH_IDLE_PROFILE=<file.cpuprofile>: a CPU profile of the many-accounts/idle worker's idle window (summarize it
 * with bench/profile-summary.ts).
 * BENCH_NEW_MAIL_TRACE=1: new-mail-latency prints each embedded sample's timeline from Dovecot's EXISTS.
 * BENCH_GATEWAY_NODE_ARGS: Node flags for the compiled gateway process of connected-emails, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" (written when the bench stops it).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runConnectedEmails } from './connected-emails.js';
import { runInitialSync } from './initial-sync.js';
import { machineInfo } from './lib/machine.js';
import { log, markdownTable, textTable, type BenchResult } from './lib/report.js';
import { runManyAccounts } from './many-accounts.js';
import { runNewMailLatency } from './new-mail-latency.js';
import { runVerification } from './verification.js';
import { engines, POSTGRES_URL } from '../test/testkit/databases.js';
import { redisAvailable, redisUrl } from '../test/testkit/redis.js';

const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const COMMAND = 'npm run bench';
const GLANCE_HEADERS = ['benchmark', 'measure', 'value', 'goal', 'against the goal'];

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const write = !args.includes('--no-write') && !only;
const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const maxAccounts = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const postgresUrl = POSTGRES_URL;

async function postgresVersion(): Promise<string | null> {
  if (!engines.includes('postgres')) return null;
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? '?'} at ${new URL(postgresUrl).host} (temp databases created and dropped by the run)`;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Benchmark {
  id: string;
  title: string;
  run: () => Promise<BenchResult>;
}

const benchmarks: Benchmark[] = [
  {
    id: 'initial-sync',
    title: 'Initial sync of a 10,000-message INBOX',
    run: () => runInitialSync(engines),
  },
  {
    id: 'new-mail-latency',
    title: 'New mail to subscription event',
    run: () =>
      runNewMailLatency({
        redisUrl: redisAvailable ? redisUrl : undefined,
        postgres: engines.includes('postgres'),
      }),
  },
  {
    id: 'many-accounts',
    title: 'Many accounts on one worker',
    run: () =>
      runManyAccounts(
        [
          { accounts: 100, trust: 'node-store', idleSeconds },
          { accounts: 100, trust: 'extra-ca-file', idleSeconds: Math.min(idleSeconds, 10) },
          { accounts: maxAccounts, trust: 'node-store', idleSeconds },
        ],
        maxAccounts,
      ),
  },
  {
    // Issue #15's idle goal: the largest account count over >= 5 minutes, every folder's safety-net
    // poll at the plain 5-minute interval (production polls IDLE folders every 15), so each runs once
    // inside the window: the worst case of the idle cost.
    id: 'idle',
    title: 'Idle cost of many accounts, safety-net poll inside the window',
    run: async () => ({
      ...(await runManyAccounts(
        [
          {
            accounts: maxAccounts,
            trust: 'node-store',
            idleSeconds: Math.max(300, idleSeconds),
            idlePollIntervalMs: 5 * 60_000,
          },
        ],
        maxAccounts,
      )),
      id: 'idle',
      title: 'Idle cost of many accounts, safety-net poll inside the window',
    }),
  },
  {
    id: 'verification',
    title: 'Connection verification (IMAP + SMTP + test email)',
    run: () => runVerification(),
  },
  {
    id: 'connected-emails',
    title: '`connectedEmails` page query with 10,000 connections',
    run: () => runConnectedEmails(engines, loadSeconds * 1000),
  },
  { id: 'webhook-latency', title: 'Event to webhook receiver', run: async () => (await import('./webhook-latency.js')).runWebhookLatency(engines) }, // prettier-ignore
  { id: 'sequences', title: 'Sequence steps dispatched on time', run: async () => (await import('./sequence-dispatch.js')).runSequenceDispatch(engines) }, // prettier-ignore
];

const unknown = only?.filter((id) => !benchmarks.some((b) => b.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; the ids are ${benchmarks.map((b) => b.id).join(', ')}.`,
  );
  process.exit(2);
}

if (process.getuid?.() !== 0) {
  console.error(
    'npm run bench needs root: it starts scratch Dovecot instances, which drop privileges to the mail user themselves.',
  );
  process.exit(1);
}

// Ctrl-C: exit through process.exit so the 'exit' hooks stop the Dovecot instances this run started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const startedAt = new Date();
const t0 = performance.now();
const machine = machineInfo(await postgresVersion());
log(
  `machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memory}, Node ${machine.node}; load average ${loadavg()}`,
);
if (!engines.includes('postgres')) log(`PostgreSQL at ${postgresUrl} is unreachable: SQLite only`);

const results: (BenchResult & { loadBefore: string; loadAfter: string })[] = [];
const failed: { id: string; title: string; error: string }[] = [];
for (const bench of benchmarks) {
  if (only && !only.includes(bench.id)) continue;
  const loadBefore = loadavg();
  log(`${bench.title}: start (load average ${loadBefore})`);
  try {
    const result = await bench.run();
    results.push({ ...result, loadBefore, loadAfter: loadavg() });
    log(`${bench.title}: done in ${result.seconds.toFixed(0)} s`);
  } catch (err) {
    const error =
      err instanceof Error
        ? `${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}`
        : String(err);
    failed.push({ id: bench.id, title: bench.title, error });
    log(`${bench.title}: FAILED: ${error}`);
  }
}
const totalSeconds = (performance.now() - t0) / 1000;

for (const r of results) {
  console.log(
    `\n== ${r.title} (${r.seconds.toFixed(0)} s, load average ${r.loadBefore} -> ${r.loadAfter})`,
  );
  for (const t of r.tables) console.log(textTable(t.headers, t.rows));
  for (const n of r.notes) console.log(`- ${n.replace(/\*\*/g, '')}`);
}
for (const f of failed) console.log(`\n== ${f.title}: NOT MEASURED: ${f.error}`);
console.log('\n== At a glance');
console.log(textTable(GLANCE_HEADERS, glanceRows()));
console.log(`\nTotal: ${totalSeconds.toFixed(0)} s`);

if (write) {
  mkdirSync(dirname(DOC), { recursive: true });
  writeFileSync(DOC, renderDoc());
  log(`wrote ${DOC}`);
}
process.exitCode = failed.length > 0 ? 1 : 0;

/** The summary table: every headline with its goal (issue #15) and how this run stands against it. */
function glanceRows(): string[][] {
  return results.flatMap((r) =>
    r.headline.map(([m, v, goal, against]) => [r.id, m, v, goal ?? '-', against ?? '-']),
  );
}

/**
 * The console's sections ("## Console ..."), measured by a build and a browser test rather than by
 * this run: carried over from the file as it is, so writing the file keeps them.
 */
function consoleSections(): string[] {
  let current = '';
  try {
    current = readFileSync(DOC, 'utf8');
  } catch {
    return [];
  }
  return current
    .split(/^(?=## )/m)
    .filter((section) => section.startsWith('## Console '))
    .map((section) => section.trimEnd() + '\n');
}

function renderDoc(): string {
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(
    `Measured side by side in one run of \`${COMMAND}\` (from the repository root; it runs \`NODE_ENV=production node --conditions=@inlet/source --import tsx bench/run.ts\` in \`apps/gateway\`: the gateway code takes its production paths). ` +
      'Every number below comes from that run; this file is written by it. Each benchmark starts its own loopback servers ' +
      '(scratch Dovecot instances, an SMTP server, real gateways, temp SQLite files and temp PostgreSQL databases) and stops them.',
    '',
  );
  out.push('## Run', '');
  out.push(
    markdownTable(
      ['', ''],
      [
        ['command', `\`${COMMAND}\` (as root: Dovecot drops privileges itself)`],
        ['date', `${startedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`],
        ['total time', `${totalSeconds.toFixed(0)} s`],
        ['CPU', `${machine.nproc} cores (\`nproc\`), ${machine.cpuModel} (/proc/cpuinfo)`],
        ['memory', machine.memory],
        ['Node.js', machine.node],
        ['OS', machine.os],
        ['Dovecot', machine.dovecot],
        ['PostgreSQL', machine.postgres ?? 'unreachable: SQLite only'],
        [
          'load average (1/5/15 min) per benchmark',
          results.map((r) => `${r.id}: ${r.loadBefore} -> ${r.loadAfter}`).join('<br>'),
        ],
      ],
    ),
    '',
  );
  out.push(
    'The machine is a shared 2-core host: other work (test suites, builds) may run during the benchmark, and its load ' +
      'average is recorded above for each benchmark. Wall-clock numbers move with that load, so compare rows of the same run; ' +
      'CPU seconds are shown where they help tell the cost of the work from waiting for a core.',
    '',
  );
  out.push('## At a glance', '');
  out.push(markdownTable(GLANCE_HEADERS, glanceRows()), '');
  if (failed.length > 0)
    out.push(`Not measured in this run: ${failed.map((f) => f.id).join(', ')} (see below).`, '');
  for (const r of results) {
    out.push(`## ${r.title}`, '');
    out.push(`Took ${r.seconds.toFixed(0)} s.`, '');
    out.push('**Method.**', '');
    for (const m of r.method) out.push(m, '');
    for (const t of r.tables) {
      if (t.caption) out.push(t.caption, '');
      out.push(markdownTable(t.headers, t.rows), '');
    }
    if (r.notes.length > 0) {
      for (const n of r.notes) out.push(`- ${n}`);
      out.push('');
    }
  }
  for (const f of failed) out.push(`## ${f.title}`, '', `Not measured in this run: ${f.error}`, '');
  out.push(...consoleSections());
  out.push('## Reproduce', '');
  out.push(
    '```sh',
    'npm run bench                                   # everything, writes this file',
    'npm run bench -- --only=connected-emails --no-write   # one benchmark, prints only (ids: initial-sync, new-mail-latency, many-accounts, idle, verification, connected-emails, webhook-latency, sequences)',
    'BENCH_LOAD_SECONDS=5 BENCH_IDLE_SECONDS=10 BENCH_ACCOUNTS=500 npm run bench -- --no-write   # shorter',
    '```',
    '',
    'Needs root and Debian `dovecot-imapd` (as the test suite); PostgreSQL is used when reachable at ' +
      '`postgres://postgres@127.0.0.1:5432/postgres` (or `TEST_POSTGRES_URL`).',
    '',
  );
  return out.join('\n');
}
