import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
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
});
