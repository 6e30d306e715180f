/**
 * A gateway of the given checkout (its apps/gateway folder), seeded as the connectedEmails benchmark
 * seeds, for `bench/ab-connected-emails.ts`: prints `READY <graphql url> <cookie> <gateway pid>` and
 * serves until its stdin closes. Two of these compare two versions of the gateway on identical data.
 *
 * `compiled` (default): that checkout's `node dist/main.js` in a child process, as production runs
 * it (built first; the database is migrated with this checkout's migrations, so both must match).
 * `tsx`: that checkout's gateway from its TypeScript sources inside this process (the pid is this one).
 *
 *   node --conditions=@inlet/source --import tsx bench/lib/seeded-gateway.ts <gatewayDir> <sqlite|postgres> [compiled|tsx]
 */
import { join, resolve } from 'node:path';
import { seed } from '../connected-emails.js';
import type { startTestGateway as Start } from '../../test/testkit/gateway.js';
import { buildGateway, startSeededCompiledGateway } from './compiled-gateway.js';
import { PRODUCTION_ENV } from './services.js';

const [dir = '.', engineArg = 'sqlite', mode = 'compiled'] = process.argv.slice(2);
const engine = engineArg === 'postgres' ? 'postgres' : 'sqlite';
let close: () => Promise<void>;
if (mode === 'tsx') {
  const { startTestGateway } = (await import(join(dir, 'test/testkit/gateway.ts'))) as {
    startTestGateway: typeof Start;
  };
  const gw = await startTestGateway(engine, { env: { ...PRODUCTION_ENV } });
  close = () => gw.close();
  await seed(gw);
  process.stdout.write(`READY ${gw.url}/graphql ${await gw.signIn()} ${process.pid}\n`);
} else {
  buildGateway(resolve(dir));
  const gw = await startSeededCompiledGateway(
    engine,
    (services) => seed({ services }),
    resolve(dir),
  );
  close = () => gw.close();
  process.stdout.write(`READY ${gw.url}/graphql ${gw.cookie} ${gw.pid}\n`);
}
process.stdin.resume();
process.stdin.on('end', () => void close().finally(() => process.exit(0)));
