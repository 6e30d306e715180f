import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledOnce, compiledOnceBinding } from './compiled-once.js';
import { openDatabase } from './database.js';

interface Db {
  t: { x: number };
}

describe('compiledOnce', () => {
  it('builds a key once per database, and answers each key with its own statement', async () => {
    const { db } = openDatabase(':memory:') as unknown as { db: Kysely<Db> };
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1), (2), (3)`.execute(db);
      let builds = 0;
      const above = (d: Kysely<Db>, n: number) =>
        compiledOnce(d, `above ${n}`, () => {
          builds++;
          return d.selectFrom('t').select('x').where('x', '>', n).orderBy('x').compile();
        });
      const xs = async (d: Kysely<Db>, n: number) =>
        (await d.executeQuery(above(d, n))).rows.map((r) => r.x);
      expect(await xs(db, 1)).toEqual([2, 3]);
      expect(await xs(db, 1)).toEqual([2, 3]);
      expect(builds).toBe(1);
      expect(await xs(db, 2)).toEqual([3]);
      expect(builds).toBe(2);
      // Another instance (a plugin makes one) compiles its own.
      const other = db.withoutPlugins();
      expect(await xs(other, 1)).toEqual([2, 3]);
      expect(builds).toBe(3);
    } finally {
      await db.destroy();
    }
  });

  it('binds the values of slots per call: one build serves every value', async () => {
    const { db } = openDatabase(':memory:') as unknown as { db: Kysely<Db> };
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1), (2), (3), (4)`.execute(db);
      let builds = 0;
      const between = async (low: number, high: number) => {
        const statement = compiledOnceBinding(
          db,
          'between',
          (slot) => {
            builds++;
            return db
              .selectFrom('t')
              .select('x')
              .where('x', '>', slot('low') as never)
              .where('x', '!=', 3)
              .where('x', '<', slot('high') as never)
              .orderBy('x')
              .compile();
          },
          { low, high },
        );
        return (await db.executeQuery(statement)).rows.map((r) => r.x);
      };
      expect(await between(0, 5)).toEqual([1, 2, 4]);
      expect(await between(1, 4)).toEqual([2]);
      expect(await between(2, 5)).toEqual([4]);
      expect(builds).toBe(1);
      // A slot that does not end up a bound parameter is refused, not silently ignored.
      expect(() =>
        compiledOnceBinding(
          db,
          'unbound',
          (slot) => {
            slot('x');
            return db.selectFrom('t').select('x').compile();
          },
          { x: 1 },
        ),
      ).toThrow(/not a bound parameter/);
    } finally {
      await db.destroy();
    }
  });
});
