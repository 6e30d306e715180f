/**
 * The store side of an initial sync alone, no IMAP: 10,000 generated messages (or `messages`) saved in
 * batches of 250 (the first one a rebuild, as an initial sync's) into a fresh database, by an unmodified
 * checkout's KyselySyncStore ("before", from BASE) and this one's ("after"), alternating. Prints wall
 * time and Node CPU per side (median of the rounds): what the store costs the event loop per sync.
 * BENCH_ENGINE=postgres runs it on a temporary PostgreSQL database instead. With PROFILE_DIR set, a CPU profile of each side's saves (all rounds) is written there.
 *
 *   NODE_ENV=production BASE=/tmp/isync-base node --conditions=@inlet/source --import tsx bench/sync-store-ab.ts [rounds=5] [batch=250] [messages=10000]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { SyncBatch, SyncStore } from '@inlet/providers';
import { KyselySyncStore } from '../src/engine/kysely-sync-store.js';
import { insertBenchUser, insertImapConnection, openServices } from './lib/services.js';
import { percentile, sec } from './lib/stats.js';

const rounds = Number(process.argv[2] ?? 5);
const batchSize = Number(process.argv[3] ?? 250);
const MESSAGES = Number(process.argv[4] ?? 10_000);
const profileDir = process.env.PROFILE_DIR;
const ENGINE = (process.env.BENCH_ENGINE ?? 'sqlite') as 'sqlite' | 'postgres';
const session = new Session();
if (profileDir) {
  mkdirSync(profileDir, { recursive: true });
  session.connect();
  await session.post('Profiler.enable');
}

type MakeStore = (...args: ConstructorParameters<typeof KyselySyncStore>) => SyncStore;
const sides: Record<string, MakeStore> = { after: (s, c) => new KyselySyncStore(s, c) };
if (process.env.BASE) {
  const path = join(process.env.BASE, 'apps/gateway/src/engine/kysely-sync-store.ts');
  const base = (await import(path)) as { KyselySyncStore: typeof KyselySyncStore };
  sides.before = (s, c) => new base.KyselySyncStore(s, c);
}

/** Roughly the bench mailbox's shapes: a third replies with References, snippets of up to 200 characters. */
function message(uid: number): SyncBatch['upserts'][number] {
  const replies = uid % 3 === 0;
  return {
    folder: 'INBOX',
    uid,
    messageId: `<m${uid}.${Math.random().toString(36).slice(2)}@bench.test>`,
    inReplyTo: replies ? `<m${uid - 1}@bench.test>` : null,
    references: replies ? [`<m${uid - 2}@bench.test>`, `<m${uid - 1}@bench.test>`] : [],
    from: { name: `Sender ${uid % 97}`, address: `sender${uid % 97}@example.com` },
    to: [{ name: 'Owner', address: 'owner@bench.test' }],
    cc: uid % 5 === 0 ? [{ name: null, address: 'cc@example.com' }] : [],
    subject: `Subject of message ${uid} about the quarterly numbers`,
    date: new Date(Date.UTC(2026, 10, 1) + uid * 60_000).toISOString(),
    flags: uid % 10 < 6 ? ['\\Seen'] : [],
    snippet: `Hello, this is message ${uid}. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3)}`.slice(0, 200), // prettier-ignore
  };
}

async function oneSync(side: string, round: number): Promise<{ seconds: number; cpu: number }> {
  const makeStore = sides[side]!;
  const opened = await openServices(ENGINE);
  try {
    const { services } = opened;
    const userId = await insertBenchUser(services, 'owner@bench.test');
    const connection = await insertImapConnection(services, userId, 'owner@bench.test', 'pw', 993);
    const store = makeStore(services, connection);
    const batches: SyncBatch[] = [];
    for (let first = 1, i = 0; first <= MESSAGES; first += batchSize, i++) {
      const uids = Array.from({ length: Math.min(batchSize, MESSAGES - first + 1) }, (_, k) => first + k); // prettier-ignore
      batches.push({
        folder: 'INBOX',
        state: { path: 'INBOX', uidValidity: '1', uidNext: uids.at(-1)! + 1, highestModseq: null },
        upserts: uids.map(message),
        flagUpdates: [],
        expunged: [],
        quarantined: [],
        rebuild: i === 0,
      });
    }
    if (profileDir) await session.post('Profiler.start');
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const batch of batches) await store.saveBatch(batch);
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (profileDir) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profileDir, `${side}-${round}.cpuprofile`), JSON.stringify(profile));
    }
    return { seconds, cpu: (c.user + c.system) / 1e6 };
  } finally {
    await opened.close();
  }
}

const results: Record<string, { seconds: number; cpu: number }[]> = {};
for (let r = 0; r < rounds; r++) {
  const order = Object.keys(sides);
  if (r % 2 === 1) order.reverse();
  for (const side of order) (results[side] ??= []).push(await oneSync(side, r));
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
for (const [side, runs] of Object.entries(results))
  console.log(
    `${side}: ${MESSAGES} messages in batches of ${batchSize}: median ${sec(percentile(runs.map((x) => x.seconds), 50))} wall, ${sec(percentile(runs.map((x) => x.cpu), 50))} Node CPU (${runs.map((x) => x.seconds.toFixed(2)).join(' ')}), load ${load}`, // prettier-ignore
  );
