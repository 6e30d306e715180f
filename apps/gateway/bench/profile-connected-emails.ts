/**
 * One gateway seeded as the connectedEmails benchmark does, loaded by the bench's load client at
 * concurrency 32 for BENCH_LOAD_SECONDS (default 10) while the V8 profiler records this process (the
 * gateway) during the load only, not start-up or seeding. Writes <out>.cpuprofile; read it with
 * `bench/profile-summary.ts` (time by package) or Chrome DevTools. `trivial` profiles `{ __typename }`
 * instead of the page: the stack's own share, to set beside the page's.
 *
 *   NODE_ENV=production node --conditions=@inlet/source --import tsx bench/profile-connected-emails.ts <out> [sqlite|postgres] [trivial]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { QUERY, TRIVIAL, load, seed } from './connected-emails.js';
import { PRODUCTION_ENV } from './lib/services.js';
import { startTestGateway } from '../test/testkit/gateway.js';

const out = process.argv[2] ?? 'connected-emails';
const engine = process.argv[3] === 'postgres' ? 'postgres' : 'sqlite';
const trivial = process.argv[4] === 'trivial';
const gw = await startTestGateway(engine, { env: { ...PRODUCTION_ENV } });
try {
  await seed(gw);
  const cookie = await gw.signIn();
  const warm = { url: `${gw.url}/graphql`, cookie, query: QUERY, pageSize: 50, paging: false };
  await load({ ...warm, variables: { first: 50 }, concurrency: 4, durationMs: 2000 });
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
  const result = await load({
    url: `${gw.url}/graphql`,
    cookie,
    query: trivial ? TRIVIAL : QUERY,
    variables: trivial ? {} : { first: 50, filter: { status: ['CONNECTED'] } },
    paging: false,
    trivial,
    concurrency: 32,
    durationMs: Number(process.env.BENCH_LOAD_SECONDS ?? 10) * 1000,
    pageSize: 50,
  });
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
  inspector.disconnect();
  console.log(
    `${engine}: ${(result.requests / result.seconds).toFixed(1)} req/s, errors ${result.errors}; wrote ${out}.cpuprofile`,
  );
} finally {
  await gw.close();
}
