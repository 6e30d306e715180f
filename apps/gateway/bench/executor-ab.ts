/**
 * graphql-js's `execute` against the compiled executor (src/compiled-executor.ts, graphql-jit) on the
 * connectedEmails page query, in one process, in turn, on the bench's seeded SQLite database: CPU per
 * execution (resolvers and their queries included), so the comparison holds on a loaded host.
 *
 *   NODE_ENV=production node --conditions=@inlet/source --import tsx bench/executor-ab.ts [rounds=6] [n=300]
 */
import { execute, parse, type OperationDefinitionNode } from 'graphql';
import { QUERY, seed } from './connected-emails.js';
import { PRODUCTION_ENV } from './lib/services.js';
import { percentile } from './lib/stats.js';
import { startTestGateway } from '../test/testkit/gateway.js';
import { compiledExecutor } from '../src/compiled-executor.js';
import { buildContext } from '../src/context.js';
import { buildSchema } from '../src/schema.js';

const rounds = Number(process.argv[2] ?? 6);
const n = Number(process.argv[3] ?? 300);
const gw = await startTestGateway('sqlite', { env: { ...PRODUCTION_ENV } });
try {
  await seed(gw);
  const cookie = await gw.signIn();
  const schema = buildSchema();
  const document = parse(QUERY);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const variables = { first: 50, filter: { status: ['CONNECTED'] } };
  const context = () => buildContext(gw.services, { cookie }, null);
  const compiled = compiledExecutor(schema);
  const sides = {
    'graphql-js': async () =>
      execute({ schema, document, contextValue: await context(), variableValues: variables }),
    compiled: async () =>
      compiled({ document, operation, operationName: 'BenchConnectedEmails', queryHash: QUERY, context: await context(), request: { variables } } as unknown as Parameters<typeof compiled>[0]), // prettier-ignore
  };
  const same =
    JSON.stringify(await sides['graphql-js']()) === JSON.stringify(await sides.compiled());
  const cpu: Record<string, number[]> = { 'graphql-js': [], compiled: [] };
  for (let round = 0; round < rounds; round++)
    for (const [name, run] of Object.entries(sides)) {
      for (let i = 0; i < 20; i++) await run(); // warm
      const c0 = process.cpuUsage();
      for (let i = 0; i < n; i++) await run();
      const c = process.cpuUsage(c0);
      cpu[name]!.push((c.user + c.system) / 1000 / n);
    }
  const js = percentile(cpu['graphql-js']!, 50);
  const jit = percentile(cpu.compiled!, 50);
  const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(
    `identical JSON: ${same}; CPU per execution (median of ${rounds} rounds of ${n}): graphql-js ${js.toFixed(2)} ms, compiled ${jit.toFixed(2)} ms (${(jit / js).toFixed(2)}x); per round js ${cpu['graphql-js']!.map((v) => v.toFixed(2)).join(' ')} / compiled ${cpu.compiled!.map((v) => v.toFixed(2)).join(' ')}; load ${load}`,
  );
} finally {
  await gw.close();
}
