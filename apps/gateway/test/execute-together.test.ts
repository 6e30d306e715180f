import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { executeTogether } from '../src/db/execute-together.js';
import { createTestDatabase, engines, type TestDatabase } from './testkit/databases.js';

describe.each(engines)('executeTogether on %s', (engine) => {
  let database: TestDatabase;
  let db: ReturnType<typeof openDatabase>['db'];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = openDatabase(database.url).db;
    await db.schema
      .createTable('together')
      .addColumn('n', 'integer', (c) => c.primaryKey())
      .execute();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('answers each statement in the order given, each seeing the ones before it', async () => {
    await db.transaction().execute(async (trx) => {
      const results = await executeTogether(trx, [
        sql`insert into together (n) values (1), (2)`.compile(trx),
        sql`select count(*) as c from together`.compile(trx),
        sql`delete from together where n = 1`.compile(trx),
        sql`select n from together`.compile(trx),
      ]);
      expect(results.map((r) => r.numAffectedRows)).toEqual([2n, undefined, 1n, undefined]);
      expect(Number(results[1]!.rows[0]!.c)).toBe(2);
      expect(results[3]!.rows).toEqual([{ n: 2 }]);
      await sql`delete from together`.execute(trx);
    });
  });

  it('rejects when a statement fails, and its transaction rolls back', async () => {
    await expect(
      db.transaction().execute((trx) =>
        executeTogether(trx, [
          sql`insert into together (n) values (7)`.compile(trx),
          sql`insert into together (n) values (7)`.compile(trx), // the same key: refused
          sql`insert into together (n) values (8)`.compile(trx),
        ]),
      ),
    ).rejects.toThrow(/unique|duplicate/i);
    expect((await sql`select n from together`.execute(db)).rows).toEqual([]);
    // The connection serves the next transaction as usual.
    await db.transaction().execute((trx) => executeTogether(trx, [sql`select 1`.compile(trx)]));
  });

  it.runIf(engine === 'postgres')(
    'writes every statement before the server answers the first (one round trip)',
    async () => {
      // A proxy in front of PostgreSQL records which side each chunk of bytes came from.
      const log: ('client' | 'server')[] = [];
      const proxy = net.createServer((client) => {
        const url = new URL(database.url);
        const upstream = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
        client.on('data', (d) => (log.push('client'), upstream.write(d)));
        upstream.on('data', (d) => (log.push('server'), client.write(d)));
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('error', () => undefined);
        upstream.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const url = new URL(database.url);
      url.port = String((proxy.address() as net.AddressInfo).port);
      const proxied = openDatabase(url.toString()).db;
      try {
        await sql`select 1`.execute(proxied); // connected and signed in
        log.length = 0;
        const results = await executeTogether(
          proxied,
          [1, 2, 3].map((n) => sql`select pg_sleep(0.05), ${n}::int as n`.compile(proxied)),
        );
        expect(results.map((r) => r.rows[0]!.n)).toEqual([1, 2, 3]);
        // Sent one after the other, the second statement would follow the first one's answer.
        expect(log.indexOf('server')).toBeGreaterThan(log.lastIndexOf('client'));
      } finally {
        await proxied.destroy();
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    },
  );
});
