import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { executeTogether } from '../src/db/execute-together.js';
import { createTestDatabase, engines, type TestDatabase } from './testkit/databases.js';
import { recordingProxy } from './testkit/recording-proxy.js';

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

  it('runs a COMMIT issued last only when every statement before it succeeded', async () => {
    await db.connection().execute(async (conn) => {
      await expect(
        executeTogether(conn, [
          sql`begin`.compile(conn),
          sql`insert into together (n) values (5)`.compile(conn),
          sql`insert into together (n) values (5)`.compile(conn), // the same key: refused
          sql`commit`.compile(conn),
        ]),
      ).rejects.toThrow(/unique|duplicate/i);
      // PostgreSQL ended the transaction at its COMMIT (as a rollback); SQLite never reached it.
      await sql`rollback`.execute(conn).catch(() => undefined);
    });
    expect((await sql`select n from together`.execute(db)).rows).toEqual([]);
  });

  it.runIf(engine === 'postgres')(
    'writes every statement before the server answers the first (one round trip)',
    async () => {
      const proxied = await recordingProxy(database.url);
      try {
        proxied.reset();
        const results = await executeTogether(
          proxied.db,
          [1, 2, 3].map((n) => sql`select pg_sleep(0.05), ${n}::int as n`.compile(proxied.db)),
        );
        expect(results.map((r) => r.rows[0]!.n)).toEqual([1, 2, 3]);
        // Sent one after the other, the second statement would follow the first one's answer.
        expect(proxied.roundTrips()).toBe(1);
      } finally {
        await proxied.close();
      }
    },
  );
});
