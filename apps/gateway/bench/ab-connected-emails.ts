/**
 * Two versions of the gateway side by side in one run: each checkout's gateway in its own process on
 * identical seeded data (`bench/lib/seeded-gateway.ts`; compiled `node dist/main.js` as production runs
 * it, or `<dir>:tsx` for the gateway from its sources under tsx, e.g. `. .:tsx` compares the two), loaded in turn A B A B ... by the bench's load
 * client, so a machine whose speed drifts (a shared host) slows both alike. Per round: requests/s,
 * latency, and the gateway process's own CPU per request (utime + stime from /proc). Prints each round
 * and the median ratio B/A. `trivial` loads `{ __typename }` instead of the page: the stack's own cost.
 *
 *   NODE_ENV=production node --conditions=@inlet/source --import tsx bench/ab-connected-emails.ts \
 *     <gatewayDirA>[:tsx] <gatewayDirB>[:tsx] [sqlite|postgres] [rounds=5] [seconds=5] [concurrency=32] [filter|paging|trivial]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { QUERY, TRIVIAL, load } from './connected-emails.js';
import { processCpuSeconds as cpuSeconds } from './lib/compiled-gateway.js';
import { log, textTable } from './lib/report.js';
import { percentile } from './lib/stats.js';

const [dirA, dirB, engine = 'sqlite', roundsArg = '5', secondsArg = '5', cArg = '32', scenario] =
  process.argv.slice(2);
if (!dirA || !dirB)
  throw new Error('usage: ab-connected-emails.ts <gatewayDirA> <gatewayDirB> ...');
const SERVER = fileURLToPath(new URL('./lib/seeded-gateway.ts', import.meta.url));
const rounds = Number(roundsArg);
const durationMs = Number(secondsArg) * 1000;
const concurrency = Number(cArg);
const paging = scenario === 'paging';
const trivial = scenario === 'trivial';
const query = trivial ? TRIVIAL : QUERY;
const variables = paging
  ? { first: 50 }
  : trivial
    ? {}
    : { first: 50, filter: { status: ['CONNECTED'] } };
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function start(side: string) {
  const [dir = '.', mode = 'compiled'] = side.split(':');
  const child = spawn(
    process.execPath,
    ['--conditions=@inlet/source', '--import', 'tsx', SERVER, resolve(dir), engine, mode],
    { cwd: dir, env: process.env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  for await (const line of createInterface({ input: child.stdout! }))
    if (line.startsWith('READY ')) {
      const [, url = '', cookie = '', pid = ''] = line.split(' ');
      return { child, url, cookie, pid: Number(pid) };
    }
  throw new Error(`the gateway of ${dir} exited before it was ready`);
}

const sides = [
  { name: 'A', ...(await start(dirA)) },
  { name: 'B', ...(await start(dirB)) },
];
try {
  for (const side of sides) // warm-up: JIT, statement caches, the database's pages
    await load({ url: side.url, cookie: side.cookie, query, variables, paging, trivial, concurrency: 4, durationMs: 2000, pageSize: 50 }); // prettier-ignore
  const rows: string[][] = [];
  const ratios: { rps: number; cpu: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const measured: { rps: number; cpuMs: number }[] = [];
    for (const side of round % 2 ? sides : [...sides].reverse()) {
      const load0 = loadavg();
      const cpu0 = cpuSeconds(side.pid);
      const out = await load({ url: side.url, cookie: side.cookie, query, variables, paging, trivial, concurrency, durationMs, pageSize: 50 }); // prettier-ignore
      const cpuMs = ((cpuSeconds(side.pid) - cpu0) * 1000) / Math.max(1, out.requests);
      const rps = out.requests / out.seconds;
      measured[side.name === 'A' ? 0 : 1] = { rps, cpuMs };
      rows.push([
        String(round),
        side.name,
        rps.toFixed(1),
        percentile(out.latenciesMs, 50).toFixed(1),
        percentile(out.latenciesMs, 99).toFixed(1),
        cpuMs.toFixed(2),
        String(out.errors),
        load0.split(' ')[0]!,
      ]);
      log(
        `round ${round} ${side.name}: ${rps.toFixed(1)} req/s, ${cpuMs.toFixed(2)} ms CPU/request`,
      );
    }
    ratios.push({
      rps: measured[1]!.rps / measured[0]!.rps,
      cpu: measured[1]!.cpuMs / measured[0]!.cpuMs,
    });
  }
  const median = (v: number[]) => percentile(v, 50);
  console.log(
    `\nA: ${dirA}\nB: ${dirB}\n${engine}, ${trivial ? 'trivial query' : paging ? 'paging' : 'status filter'}, concurrency ${concurrency}, ${rounds} rounds of ${durationMs / 1000} s each side`,
  );
  console.log(
    textTable(
      [
        'round',
        'side',
        'req/s',
        'p50 ms',
        'p99 ms',
        'gateway CPU ms/request',
        'errors',
        'load (1 min)',
      ],
      rows,
    ),
  );
  console.log(
    `median B/A: requests/s ${median(ratios.map((r) => r.rps)).toFixed(2)}x (per round ${ratios.map((r) => r.rps.toFixed(2)).join(', ')}); CPU per request ${median(ratios.map((r) => r.cpu)).toFixed(2)}x (per round ${ratios.map((r) => r.cpu.toFixed(2)).join(', ')})`,
  );
} finally {
  // Each side stops its gateway and drops its database when its stdin closes; SIGKILL after 15 s.
  await Promise.all(
    sides.map(async ({ child }) => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
      if (child.exitCode === null) await exited;
      clearTimeout(late);
    }),
  );
}
