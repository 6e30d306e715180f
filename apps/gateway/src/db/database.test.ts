import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from './database.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('a SQLite database', () => {
  it('is created private: its folder 0700, the file, WAL and shared memory 0600', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'inlet-db-')), 'data', 'inlet.sqlite');
    const { db } = openDatabase(file);
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1)`.execute(db);
      expect(modeOf(join(file, '..'))).toBe(0o700);
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([
        0o600, 0o600, 0o600,
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('prepares a statement once and runs it again from then on, also after the schema changes', async () => {
    const prepare = vi.spyOn(SQLite.prototype, 'prepare');
    const { db } = openDatabase(':memory:');
    try {
      await sql`create table t (x integer)`.execute(db);
      const insert = (x: number) =>
        db
          .insertInto('t' as never)
          .values({ x } as never)
          .execute();
      const all = () => sql<{ x: number }>`select * from t order by x`.execute(db);
      for (const x of [1, 2, 3]) await insert(x);
      expect((await all()).rows).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
      await sql`alter table t add column y integer default 7`.execute(db);
      expect((await all()).rows).toEqual([
        { x: 1, y: 7 },
        { x: 2, y: 7 },
        { x: 3, y: 7 },
      ]);
      const times = (text: string) => prepare.mock.calls.filter(([q]) => q === text).length;
      expect(times('insert into "t" ("x") values (?)')).toBe(1);
      expect(times('select * from t order by x')).toBe(1);
    } finally {
      prepare.mockRestore();
      await db.destroy();
    }
  });
});
