/**
 * One gateway on SQLite seeded as the connectedEmails benchmark does, loaded by the bench's load client
 * at concurrency 32 for BENCH_LOAD_SECONDS (default 10): run it under `node --cpu-prof` to see where the
 * gateway spends its time, then `bench/profile-summary.ts` on the profile.
 *
 *   NODE_ENV=production node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=@inlet/source --import tsx bench/profile-connected-emails.ts [postgres]
 */
import { QUERY, load, seed } from './connected-emails.js';
import { PRODUCTION_ENV } from './lib/services.js';
import { startTestGateway } from '../test/testkit/gateway.js';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const gw = await startTestGateway(engine, { env: { ...PRODUCTION_ENV } });
try {
  await seed(gw);
  const cookie = await gw.signIn();
  const out = await load({
    url: `${gw.url}/graphql`,
    cookie,
    query: QUERY,
    variables: { first: 50, filter: { status: ['CONNECTED'] } },
    paging: false,
    concurrency: 32,
    durationMs: Number(process.env.BENCH_LOAD_SECONDS ?? 10) * 1000,
    pageSize: 50,
  });
  console.log(`${engine}: ${(out.requests / out.seconds).toFixed(1)} req/s, errors ${out.errors}`);
} finally {
  await gw.close();
}
