import net from 'node:net';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';

/**
 * A PostgreSQL database opened through a loopback proxy that records which side each chunk of bytes
 * came from, to count round trips: `roundTrips()` is the number of times the client wrote after
 * hearing the server (or first) since `reset()`.
 */
export async function recordingProxy(databaseUrl: string): Promise<{
  db: ReturnType<typeof openDatabase>['db'];
  reset: () => void;
  roundTrips: () => number;
  close: () => Promise<void>;
}> {
  const target = new URL(databaseUrl);
  const log: ('client' | 'server')[] = [];
  const proxy = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    client.on('data', (d) => (log.push('client'), upstream.write(d)));
    upstream.on('data', (d) => (log.push('server'), client.write(d)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.port = String((proxy.address() as net.AddressInfo).port);
  const { db } = openDatabase(url.toString());
  await sql`select 1`.execute(db); // connected and signed in
  return {
    db,
    reset: () => void (log.length = 0),
    roundTrips: () => log.filter((side, i) => side === 'client' && log[i - 1] !== 'client').length,
    close: async () => {
      await db.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
