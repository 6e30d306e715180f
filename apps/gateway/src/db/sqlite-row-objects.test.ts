import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from './database.js';

/** The rows better-sqlite3 itself makes of this query, on a connection of its own. */
function ownRows(file: string, text: string): unknown[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare(text).all();
  } finally {
    sqlite.close();
  }
}

describe('SQLite rows', () => {
  it('are built from raw values, equal to better-sqlite3’s own objects, keys in the same order', async () => {
    const probe = new SQLite(':memory:');
    const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as SQLite.Statement;
    probe.close();
    const raw = vi.spyOn(statementPrototype, 'raw');
    const file = join(mkdtempSync(join(tmpdir(), 'inlet-rows-')), 'rows.sqlite');
    const { db } = openDatabase(file);
    try {
      await sql`create table t (id integer primary key, name text, score real, data blob, note text)`.execute(
        db,
      );
      await sql`insert into t (name, score, data, note) values ('a', 1.5, x'00ff', null), ('b"c', -2, null, 'x')`.execute(
        db,
      );
      const text = `select id, name, score, data, note, name as "two words", 'dup' as name, 'q''s' as "it's" from t order by id`;
      const rows = (await sql.raw(text).execute(db)).rows as Record<string, unknown>[];
      expect(raw).toHaveBeenCalledWith(true);
      const own = ownRows(file, text) as Record<string, unknown>[];
      expect(rows).toEqual(own);
      expect(rows.map((r) => Object.keys(r))).toEqual(own.map((r) => Object.keys(r)));
      expect(rows[0]!.name).toBe('dup');
      // A column named __proto__ does not set the row's prototype.
      const [odd] = (await sql.raw(`select 1 as a, 7 as "__proto__"`).execute(db)).rows;
      expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
      expect((odd as { a: number }).a).toBe(1);
    } finally {
      raw.mockRestore();
      await db.destroy();
    }
  });

  it('follow a table’s columns after they change: added, renamed, dropped', async () => {
    const { db } = openDatabase(':memory:');
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1)`.execute(db);
      const all = async () => (await sql`select * from t`.execute(db)).rows;
      expect(await all()).toEqual([{ x: 1 }]);
      await sql`alter table t add column y integer default 7`.execute(db);
      expect(await all()).toEqual([{ x: 1, y: 7 }]);
      await sql`alter table t rename column y to z`.execute(db);
      expect(await all()).toEqual([{ x: 1, z: 7 }]);
      await sql`alter table t drop column x`.execute(db);
      expect(await all()).toEqual([{ z: 7 }]);
    } finally {
      await db.destroy();
    }
  });

  it('are objects when streamed too', async () => {
    const { db } = openDatabase(':memory:');
    try {
      await sql`create table t (x integer, y text)`.execute(db);
      await sql`insert into t values (1, 'a'), (2, 'b')`.execute(db);
      const streamed: unknown[] = [];
      for await (const row of db
        .selectFrom('t' as never)
        .selectAll()
        .orderBy('x' as never)
        .stream())
        streamed.push(row);
      expect(streamed).toEqual([
        { x: 1, y: 'a' },
        { x: 2, y: 'b' },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
