import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { GatewayServices } from './gateway-services.js';

/** A sync worker's own small HTTP server: liveness, readiness (database and Redis) and metrics. */
export async function startWorkerHttp(
  services: GatewayServices,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) =>
      res.writeHead(status, { 'content-type': type }).end(body);
    const json = (status: number, body: unknown) =>
      send(status, 'application/json', JSON.stringify(body));
    if (req.method !== 'GET') return json(405, { status: 'method not allowed' });
    if (req.url === '/healthz') return json(200, { status: 'ok' });
    if (req.url === '/metrics') {
      void services.metrics.render().then((text) => send(200, services.metrics.contentType, text));
      return;
    }
    if (req.url === '/readyz') {
      sql`select 1`
        .execute(services.db)
        .then(() =>
          services.pubsub.connected()
            ? json(200, { status: 'ready' })
            : json(503, { status: 'unavailable', reason: 'Redis unreachable' }),
        )
        .catch(() => json(503, { status: 'unavailable', reason: 'database unreachable' }));
      return;
    }
    json(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, services.config.host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${services.config.host}:${actual}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
