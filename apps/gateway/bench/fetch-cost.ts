/**
 * Where the sync's Node CPU goes outside the store: the same warm mailbox read as one `UID FETCH 1:*`
 * (the bare limit), as batches of 250 UIDs (as sync fetches), and as batches with every message
 * described (snippet, References, addresses: describeMessage), alternating, Node CPU and wall per variant.
 *
 *   NODE_ENV=production node --conditions=@inlet/source --import tsx bench/fetch-cost.ts [rounds=3]
 */
import { readFileSync } from 'node:fs';
import type { FetchMessageObject } from 'imapflow';
import { chunk, describeMessage, METADATA_QUERY, toSequenceSet } from '@inlet/providers/imap';
import { startBenchDovecot } from './lib/bench-dovecot.js';
import { appendMany, imapClient, imapTarget } from './lib/mail.js';
import { MESSAGES } from './initial-sync.js';
import { percentile, sec } from './lib/stats.js';

const rounds = Number(process.argv[2] ?? 3);
const account = { user: 'fetch@bench.test', password: 'fetch-bench-pw' };
const dovecot = await startBenchDovecot({ users: [account], maxConnections: 50 });
const target = imapTarget(dovecot, account);

type Variant = (fetch: (set: string) => AsyncIterable<FetchMessageObject>, uids: number[]) => Promise<number>; // prettier-ignore
const variants: Record<string, Variant> = {
  'one FETCH 1:*': async (fetch) => {
    let n = 0;
    for await (const m of fetch('1:*')) if (m.uid) n++;
    return n;
  },
  'batches of 250': async (fetch, uids) => {
    let n = 0;
    for (const batch of chunk(uids, 250)) {
      const rows: FetchMessageObject[] = [];
      for await (const m of fetch(toSequenceSet(batch))) rows.push(m);
      n += rows.length;
    }
    return n;
  },
  'batches of 250, described': async (fetch, uids) => {
    let n = 0;
    for (const batch of chunk(uids, 250)) {
      const rows: FetchMessageObject[] = [];
      for await (const m of fetch(toSequenceSet(batch))) rows.push(m);
      for (const row of rows) if ('message' in (await describeMessage('INBOX', row))) n++;
    }
    return n;
  },
};

const results: Record<string, { seconds: number; cpu: number }[]> = {};
try {
  await appendMany({ imapsPort: dovecot.imapsPort, ca: dovecot.ca, ...account }, MESSAGES, 4);
  const client = imapClient(target);
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  try {
    const fetch = (set: string) => client.fetch(set, METADATA_QUERY, { uid: true });
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    await variants['one FETCH 1:*']!(fetch, uids); // Dovecot's cache and the JIT warm
    for (let r = 0; r < rounds; r++) {
      const names = Object.keys(variants);
      if (r % 2) names.reverse();
      for (const name of names) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const n = await variants[name]!(fetch, uids);
        const seconds = (performance.now() - t0) / 1000;
        const c = process.cpuUsage(c0);
        if (n !== MESSAGES) throw new Error(`${name}: ${n}`);
        (results[name] ??= []).push({ seconds, cpu: (c.user + c.system) / 1e6 });
      }
    }
  } finally {
    lock.release();
    await client.logout();
  }
} finally {
  await dovecot.stop();
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
for (const [name, runs] of Object.entries(results))
  console.log(`${name}: median Node CPU ${sec(percentile(runs.map((x) => x.cpu), 50))} (${runs.map((x) => x.cpu.toFixed(2)).join(' ')}), wall ${sec(percentile(runs.map((x) => x.seconds), 50))}, load ${load}`); // prettier-ignore
