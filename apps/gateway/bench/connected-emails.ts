import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ConnectionRow, ConnectionStatus } from '../src/db/tables/connection.table.js';
import type { LoadInput, LoadOutput } from './load-client.js';
import type { Engine } from '../test/testkit/databases.js';
import type { GatewayServices } from '../src/gateway-services.js';
import {
  buildGateway,
  processCpuSeconds,
  startSeededCompiledGateway,
} from './lib/compiled-gateway.js';
import { prng } from './lib/mail.js';
import { atLeast, atMost, load1, log, type BenchResult, type Headline } from './lib/report.js';
import { imapSettings } from './lib/services.js';
import { int, ms, summarize } from './lib/stats.js';

const LOAD_CLIENT = fileURLToPath(new URL('./load-client.ts', import.meta.url));
const GATEWAY_DIR = fileURLToPath(new URL('..', import.meta.url));

export const CONNECTIONS = 10_000;
export const USERS = 100;
const PAGE = 50;
/** The same stack (HTTP, cookie session, context, parse, validation, Apollo) with nothing to execute: the limit. */
export const TRIVIAL = 'query BenchTrivial { __typename }';
/** Issue #15 goals at concurrency 32. */
const GOALS = { sqlite: { rps: 1000, p99: 50 }, postgres: { rps: 600, p99: Number.NaN } } as const;

/** The console's Connected emails page query (apps/admin ConnectedEmailsPage_Query with its row fragment), inlined. */
export const QUERY = `query BenchConnectedEmails($filter: ConnectedEmailsFilter, $first: Int!, $after: String) {
  connectedEmails(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id updatedAt createdAt email provider status lastSyncedAt
        owner { id name email }
        lastError { code message hint firstSeenAt count }
      }
    }
  }
}`;

/** Status mix of a real fleet: mostly healthy, some retrying, a few waiting for their users. */
const STATUS_MIX: [ConnectionStatus, number][] = [
  ['CONNECTED', 0.8],
  ['SYNCING', 0.05],
  ['RETRYING', 0.05],
  ['NEEDS_REAUTH', 0.05],
  ['ERROR', 0.03],
  ['DISABLED', 0.02],
];

/** Fills the database of `gw` (a test gateway, or services the bench opened); the status counts. */
export async function seed(gw: { services: GatewayServices }): Promise<Record<string, number>> {
  const db = gw.services.db;
  const rnd = prng(42);
  const now = Date.now();
  const userIds: string[] = [];
  const users = Array.from({ length: USERS }, (_, i) => {
    const id = randomUUID();
    userIds.push(id);
    const at = new Date(now - 400 * 86_400_000).toISOString();
    return {
      id,
      email: `member${i}@tenant${i % 10}.test`,
      name: `Member ${i}`,
      role: 'USER' as const,
      seat: 'FULL' as const,
      password_hash: null,
      created_at: at,
      updated_at: at,
    };
  });
  await db.insertInto('users').values(users).execute();
  const counts: Record<string, number> = {};
  const rows: ConnectionRow[] = Array.from({ length: CONNECTIONS }, (_, i) => {
    let r = rnd();
    let status: ConnectionStatus = 'CONNECTED';
    for (const [s, share] of STATUS_MIX) {
      if (r < share) {
        status = s;
        break;
      }
      r -= share;
    }
    counts[status] = (counts[status] ?? 0) + 1;
    const created = new Date(now - Math.floor(rnd() * 365 * 86_400_000)).toISOString();
    const failing = status === 'RETRYING' || status === 'NEEDS_REAUTH' || status === 'ERROR';
    const email = `inbox${i}@tenant${i % 10}.test`;
    return {
      id: randomUUID(),
      user_id: userIds[i % USERS]!,
      email,
      kind: 'PERSONAL',
      provider: 'IMAP',
      settings_json: JSON.stringify(imapSettings(email, 993, `imap.tenant${i % 10}.test`)),
      status,
      last_error_json: failing
        ? JSON.stringify({
            code: 'AUTHENTICATION_FAILED',
            message: 'The server refused the username or password.',
            hint: 'Check the password.',
            step: 'login',
            field: 'password',
            firstSeenAt: created,
            count: 3,
          })
        : null,
      created_at: created,
      updated_at: created,
      last_synced_at:
        status === 'CONNECTED' ? new Date(now - Math.floor(rnd() * 3_600_000)).toISOString() : null,
      next_retry_at: null,
      retry_attempt: null,
      resync_from: null,
      last_check_json: null,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('connections')
      .values(rows.slice(i, i + 500))
      .execute();
  // PostgreSQL: vacuumed (visibility map, so counts can be index-only) and analysed (planner
  // statistics), as autovacuum leaves a long-lived database.
  if (gw.services.engine === 'POSTGRES') await sql`vacuum analyze`.execute(db);
  return counts;
}

export async function load(input: LoadInput): Promise<LoadOutput> {
  const child = spawn(
    process.execPath,
    ['--conditions=@inlet/source', '--import', 'tsx', LOAD_CLIENT],
    {
      cwd: GATEWAY_DIR,
      env: { ...process.env, BENCH_LOAD_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), input.durationMs + 60_000);
  let result: LoadOutput | undefined;
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7)) as LoadOutput;
    }
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  if (!result) throw new Error('the load client exited without a result');
  return result;
}

export async function runConnectedEmails(
  engines: Engine[],
  durationMs: number,
): Promise<BenchResult> {
  const started = performance.now();
  const rows: string[][] = [];
  const notes: string[] = [];
  const headline: Headline[] = [];
  let mix: Record<string, number> = {};
  const scenarios = [
    {
      name: 'status filter [CONNECTED], first page',
      variables: { first: PAGE, filter: { status: ['CONNECTED'] } },
      paging: false,
    },
    { name: 'no filter, paging with after', variables: { first: PAGE }, paging: true },
  ];
  buildGateway();
  for (const engine of engines) {
    const gw = await startSeededCompiledGateway(engine, (services) => seed({ services }));
    try {
      mix = gw.filled;
      const cookie = gw.cookie;
      const url = `${gw.url}/graphql`;
      // Warm-up: JIT, statement caches, the database's pages.
      await load({
        url,
        cookie,
        query: QUERY,
        variables: scenarios[1]!.variables,
        paging: true,
        concurrency: 4,
        durationMs: 2000,
        pageSize: PAGE,
      });
      // The limit, measured in this run: a trivial query through the same stack at concurrency 32.
      const limitOut = await load({
        url,
        cookie,
        query: TRIVIAL,
        variables: {},
        paging: false,
        concurrency: 32,
        durationMs,
        pageSize: PAGE,
        trivial: true,
      });
      const limitRps = limitOut.requests / limitOut.seconds;
      const limitS = summarize(limitOut.latenciesMs);
      const dbName = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      rows.push([
        dbName,
        '`{ __typename }` (the limit: same stack, nothing to execute)',
        '32',
        int(limitOut.requests),
        ms(limitS.p50, 1),
        ms(limitS.p99, 1),
        limitRps.toFixed(1),
        '1.00',
        '-',
        '-',
        '-',
        String(limitOut.errors),
        load1(),
      ]);
      for (const scenario of scenarios) {
        for (const concurrency of [1, 8, 32]) {
          const cpu0 = processCpuSeconds(gw.pid);
          const out = await load({
            url,
            cookie,
            query: QUERY,
            variables: scenario.variables,
            paging: scenario.paging,
            concurrency,
            durationMs,
            pageSize: PAGE,
          });
          const cpuSeconds = processCpuSeconds(gw.pid) - cpu0;
          const s = summarize(out.latenciesMs);
          const serverCpu = (cpuSeconds / out.seconds) * 100;
          rows.push([
            engine === 'sqlite' ? 'SQLite' : 'PostgreSQL',
            scenario.name,
            String(concurrency),
            int(out.requests),
            ms(s.p50, 1),
            ms(s.p99, 1),
            (out.requests / out.seconds).toFixed(1),
            (out.requests / out.seconds / limitRps).toFixed(2),
            `${serverCpu.toFixed(0)} %`,
            ms((cpuSeconds * 1000) / Math.max(1, out.requests), 2),
            `${((out.clientCpuSeconds / out.seconds) * 100).toFixed(0)} %`,
            String(out.errors),
            load1(),
          ]);
          if (concurrency === 32) {
            const rps = out.requests / out.seconds;
            const goal = GOALS[engine];
            headline.push([
              `connectedEmails, ${dbName}, ${scenario.paging ? 'paging' : 'status filter'}, concurrency 32`,
              `p50 ${ms(s.p50, 1)}, p99 ${ms(s.p99, 1)}, ${rps.toFixed(1)} req/s (${(rps / limitRps).toFixed(2)}x the trivial query's ${limitRps.toFixed(0)} req/s)`,
              `>= ${goal.rps} req/s${Number.isFinite(goal.p99) ? `, p99 <= ${goal.p99} ms` : ''}`,
              [
                atLeast(rps, goal.rps, (v) => `${v.toFixed(0)} req/s`),
                ...(Number.isFinite(goal.p99) ? [atMost(s.p99, goal.p99, (v) => ms(v, 1))] : []),
              ].join('; '),
            ]);
          }
          if (out.firstError)
            notes.push(
              `${engine}, ${scenario.name}, concurrency ${concurrency}: first error: ${out.firstError}`,
            );
          log(
            `connectedEmails ${engine} "${scenario.name}" c=${concurrency}: ${(out.requests / out.seconds).toFixed(1)} req/s, p50 ${ms(s.p50, 1)}, p99 ${ms(s.p99, 1)}`,
          );
        }
      }
    } finally {
      await gw.close();
    }
  }
  return {
    id: 'connected-emails',
    title: `\`connectedEmails\` page query with ${int(CONNECTIONS)} connections`,
    method: [
      `The gateway as production runs it (\`bench/lib/compiled-gateway.ts\`): built once (\`turbo run build --filter=@inlet/gateway\`, replayed from turbo's cache when nothing changed), then \`node dist/main.js\` in its own process with NODE_ENV=production on 127.0.0.1, as an API-only replica (INLET_SYNC=off with Redis, the scale-out layout: the seeded mail servers do not exist, and an embedded sync would spend the measured CPU failing to reach them; Redis takes no part in a query) and no console files. Its database is fresh, migrated and seeded directly with Kysely from the bench process before the gateway starts: ${USERS} users, ${int(CONNECTIONS)} IMAP connections (${Object.entries(
        mix,
      )
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(
          ', ',
        )}), created over the last year, 100 per user, error JSON on the failing ones; on PostgreSQL followed by \`VACUUM ANALYZE\` (what autovacuum leaves on a long-lived database; SQLite gets none, as the gateway never runs it).`,
      `The query is the console's Connected emails page query, inlined: \`connectedEmails(filter, first: ${PAGE}, after)\` with totalCount, pageInfo and per node id, email, provider, status, dates, \`owner { id name email }\` and \`lastError { ... }\`. Scenario 1 asks the first page of \`filter: { status: [CONNECTED] }\` (${int(mix.CONNECTED ?? 0)} matches) again and again. Scenario 2 pages through the unfiltered list: each virtual client follows \`pageInfo.endCursor\` as \`after\` (${CONNECTIONS / PAGE} pages) and starts over at the end.`,
      `Load: \`bench/load-client.ts\` in a separate Node process (a closed loop: C virtual clients, each sends its next POST when the previous answer is read, keep-alive sockets), for ${(durationMs / 1000).toFixed(0)} s per row after a 2 s warm-up, signed in as the super admin. A request counts only when it is HTTP 200 without GraphQL errors and a full page (${PAGE} edges, or the last page). Latency is measured in the client. First, per database, the limit: \`${TRIVIAL}\` at concurrency 32 through the same stack (HTTP, cookie session, context, parse, validation, Apollo); "vs the limit" is each row's requests/s over that one's. Gateway CPU is the gateway process's utime + stime from \`/proc/<pid>/stat\` over the row (% of one core; 10 ms ticks), and per request; the load client's own CPU is shown too. PostgreSQL runs on the same 2 cores.`,
    ],
    tables: [
      {
        headers: [
          'database',
          'scenario',
          'concurrency',
          'requests',
          'p50',
          'p99',
          'requests/s',
          'vs the limit',
          'gateway CPU',
          'gateway CPU / request',
          'client CPU',
          'errors',
          'load (1 min)',
        ],
        rows,
      },
    ],
    headline,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}
