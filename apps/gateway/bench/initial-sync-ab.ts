/**
 * Initial sync (SQLite, or ENGINE=postgres), an unmodified checkout ("before": its own sync session
 * and store) against this one ("after"), side by side in one process: one APPEND to a template
 * mailbox, then per round a fresh copy of it per side (and one for the bare FETCH), each read twice
 * (cold, warm), the sides' order alternating between rounds. Prints wall time, Node CPU (all threads),
 * main-thread CPU and time in saveBatch per run, ratios to the bare FETCH of the same round, and a CPU
 * profile of each side aggregated by package (V8's sampling profiler, only while a sync runs; with
 * PROFILE_DIR set, each profile is also written there).
 *
 * The base checkout needs its own node_modules/@inlet (symlinks to its apps and packages) and every
 * other node_modules entry linked to this checkout's, so the two sides share imapflow, kysely and
 * better-sqlite3 but not Inlet's code:
 *
 *   git worktree add --detach /tmp/isync-base main   # then link node_modules as above
 *   NODE_ENV=production BASE=/tmp/isync-base node --conditions=@inlet/source --import tsx bench/initial-sync-ab.ts [rounds=2]
 *
 * ENGINE=postgres measures PostgreSQL (127.0.0.1:5432) instead of SQLite. Each checkout's body reader
 * pool is held (its worker started) for the whole run, as the standard bench and a gateway with other
 * sessions running have it: the syncs pay neither the worker's start nor its load time (under tsx about a
 * second of CPU a sync). WARM_POOL=0 lets every sync start its own.
 *
 * Without BASE, only this checkout is measured (a profile run).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { acquireBodyReader } from '@inlet/providers/imap';
import { bareFetch, MESSAGES, realSync } from './initial-sync.js';
import { startBenchDovecot } from './lib/bench-dovecot.js';
import { appendMany, imapTarget } from './lib/mail.js';
import { summarizeProfile } from './profile-summary.js';
import type { Engine } from '../test/testkit/databases.js';
import { percentile, sec, withTimeout } from './lib/stats.js';

const exec = promisify(execFile);
const rounds = Number(process.argv[2] ?? 2);
const engine: Engine = process.env.ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;

const profileDir = process.env.PROFILE_DIR;
if (profileDir) mkdirSync(profileDir, { recursive: true });

type RealSync = typeof realSync;
const sides: Record<string, RealSync> = { after: realSync };
if (process.env.BASE) {
  const base = join(process.env.BASE, 'apps/gateway/bench/initial-sync.ts');
  sides.before = ((await import(base)) as { realSync: RealSync }).realSync;
}

const account = (name: string) => ({ user: `${name}@bench.test`, password: `${name}-bench-pw` });
const template = account('template');
const names = Array.from({ length: rounds }, (_, r) =>
  ['bare', ...Object.keys(sides)].map((s) => `${s}${r}`),
).flat();
const dovecot = await startBenchDovecot({
  users: [template, ...names.map(account)],
  maxConnections: 200,
});
type Acquire = typeof acquireBodyReader;
const acquires: Acquire[] = [acquireBodyReader];
// The base checkout's sync sessions use its own copy of the pool (its own module): warmed alike.
if (process.env.BASE)
  acquires.push(
    ((await import(join(process.env.BASE, 'packages/providers/src/imap/index.ts'))) as { acquireBodyReader: Acquire }).acquireBodyReader, // prettier-ignore
  );
const pools = process.env.WARM_POOL !== '0' ? acquires.map((acquire) => acquire()) : [];
for (const held of pools)
  if (!(await held.warm())) throw new Error('a body reader worker did not start');
const pool = pools[0];
const session = new Session();
session.connect();
await session.post('Profiler.enable');
const profiles: Record<string, Map<string, number>> = {};
const results: { side: string; cache: string; seconds: number; cpu: number; main: number; db: number; ratio: number; load: string }[] = []; // prettier-ignore

/**
 * CPU seconds of the main thread alone (Linux: /proc/self/task/<pid>/stat, utime + stime in clock
 * ticks of 10 ms). process.cpuUsage counts every thread, a worker's too; the main thread is the
 * bottleneck, and its CPU is much less disturbed by other load on the host than wall time.
 */
function mainThreadCpu(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `fn` under the sampling profiler: wall seconds and Node CPU, its profile added to the side's. */
async function profiled(
  side: string,
  name: string,
  fn: () => Promise<void>,
): Promise<{ seconds: number; cpu: number; main: number }> {
  await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpu();
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const { profile } = await session.post('Profiler.stop');
  if (profileDir) writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
  const into = (profiles[side] ??= new Map());
  for (const [k, v] of summarizeProfile(profile as Parameters<typeof summarizeProfile>[0]))
    into.set(k, (into.get(k) ?? 0) + v);
  return { seconds, cpu: (c.user + c.system) / 1e6, main: mainThreadCpu() - m0 };
}

try {
  console.log(
    `${engine}${pool ? ', body reader pool held warm' : ''}: APPENDing ${MESSAGES} messages (load ${load()})`,
  );
  await appendMany({ imapsPort: dovecot.imapsPort, ca: dovecot.ca, ...template }, MESSAGES, 4);
  for (const name of names)
    await exec('cp', ['-a', join(dovecot.dir, 'mail', template.user), join(dovecot.dir, 'mail', account(name).user)]); // prettier-ignore
  for (let r = 0; r < rounds; r++) {
    const order = Object.keys(sides);
    if (r % 2 === 1) order.reverse();
    for (const cache of ['cold', 'warm']) {
      const target = (side: string) => imapTarget(dovecot, account(`${side}${r}`));
      const bare = await profiled('bare', `bare-${r}-${cache}`, async () => {
        const n = await withTimeout(bareFetch(target('bare')), 120_000, 'bare FETCH');
        if (n !== MESSAGES) throw new Error(`bare FETCH returned ${n}`);
      });
      results.push({ side: 'bare', cache, ...bare, db: 0, ratio: 1, load: load() });
      console.log(`round ${r + 1} ${cache} bare: ${sec(bare.seconds)}, Node CPU ${sec(bare.cpu)}, main thread ${sec(bare.main)}, load ${load()}`); // prettier-ignore
      for (const side of order) {
        const sync = await sides[side]!(engine, target(side));
        try {
          const { seconds, cpu, main } = await profiled(side, `${side}-${r}-${cache}`, () =>
            withTimeout(sync.run(), 300_000, `sync ${side}`),
          );
          if (sync.rows !== MESSAGES) throw new Error(`${side} stored ${sync.rows}`);
          const ratio = seconds / bare.seconds;
          results.push({
            side,
            cache,
            seconds,
            cpu,
            main,
            db: sync.dbSeconds,
            ratio,
            load: load(),
          });
          console.log(`round ${r + 1} ${cache} ${side}: ${sec(seconds)} (${ratio.toFixed(2)}x bare), Node CPU ${sec(cpu)} (${(cpu / bare.cpu).toFixed(2)}x bare), main thread ${sec(main)} (${(main / bare.main).toFixed(2)}x bare), in saveBatch ${sec(sync.dbSeconds)}, load ${load()}`); // prettier-ignore
        } finally {
          await sync.close();
        }
      }
    }
  }
} finally {
  session.disconnect();
  for (const held of pools) await held.release();
  await dovecot.stop();
}
for (const cache of ['cold', 'warm'])
  for (const side of ['bare', ...Object.keys(sides)]) {
    const runs = results.filter((x) => x.side === side && x.cache === cache);
    const med = (f: (x: (typeof runs)[0]) => number) => percentile(runs.map(f), 50);
    console.log(`${cache} ${side}: median ratio ${med((x) => x.ratio).toFixed(2)}x bare (${runs.map((x) => x.ratio.toFixed(2)).join(' ')}), Node CPU ${sec(med((x) => x.cpu))}, main thread ${sec(med((x) => x.main))} (${runs.map((x) => sec(x.main)).join(' ')}), in saveBatch ${sec(med((x) => x.db))}, loads ${runs.map((x) => x.load).join(' ')}`); // prettier-ignore
  }
for (const [side, totals] of Object.entries(profiles)) {
  const busy = [...totals].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
  console.log(`\nprofile ${side} (all its syncs, ${sec(busy / 1000)} busy):`);
  for (const [k, v] of [...totals]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14))
    // prettier-ignore
    console.log(`${sec(v / 1000).padStart(9)}  ${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
