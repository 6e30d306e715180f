import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
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
});
