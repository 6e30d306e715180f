/**
 * A gateway of the given checkout (its apps/gateway folder), seeded as the connectedEmails benchmark
 * seeds, for `bench/ab-connected-emails.ts`: prints `READY <graphql url> <cookie>` and serves until its
 * stdin closes. The gateway code is imported from that checkout, so two of these compare two versions
 * of it on identical data.
 *
 *   node --conditions=@inlet/source --import tsx bench/lib/seeded-gateway.ts <gatewayDir> <sqlite|postgres>
 */
import { join } from 'node:path';
import { seed } from '../connected-emails.js';
import type { startTestGateway as Start } from '../../test/testkit/gateway.js';
import { PRODUCTION_ENV } from './services.js';

const [dir = '.', engine = 'sqlite'] = process.argv.slice(2);
const { startTestGateway } = (await import(join(dir, 'test/testkit/gateway.ts'))) as {
  startTestGateway: typeof Start;
};
const gw = await startTestGateway(engine === 'postgres' ? 'postgres' : 'sqlite', {
  env: { ...PRODUCTION_ENV },
});
await seed(gw);
process.stdout.write(`READY ${gw.url}/graphql ${await gw.signIn()}\n`);
process.stdin.resume();
process.stdin.on('end', () => void gw.close().finally(() => process.exit(0)));
