import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LastSyncedWriter } from '../src/engine/last-synced-writer.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertConnection } from './testkit/seed.js';

// "Last synced" of many connections is written together (issue 15, item 4: an idle worker confirms
// all its accounts in the same poll tick), each connection with its own latest time (issue 13, item 1).
describe.each(engines)('LastSyncedWriter on %s', (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('writes each noted connection its own latest time, at the flush, and leaves the others alone', async () => {
    const { db } = gw.services;
    const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const before = '2026-01-01T00:00:00.000Z';
    const rows = await Promise.all(
      Array.from({ length: 350 }, (_, i) =>
        insertConnection(gw.services, user.id, `writer${i}@example.test`, {
          last_synced_at: before,
        }),
      ),
    );
    const writer = new LastSyncedWriter(gw.services, 60_000);
    const at = (i: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, i % 60, i)).toISOString();
    // 349 of 350 noted (more than one UPDATE's worth), the first twice: the later time wins.
    writer.note(rows[0]!, '2026-02-01T00:00:00.000Z');
    rows.slice(0, 349).forEach((row, i) => writer.note(row, at(i)));
    const read = async () =>
      new Map(
        (
          await db
            .selectFrom('connections')
            .select(['id', 'last_synced_at'])
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        ).map((r) => [r.id, r.last_synced_at]),
      );
    expect([...(await read()).values()].every((v) => v === before)).toBe(true); // not before the flush
    await writer.flush();
    const after = await read();
    rows.slice(0, 349).forEach((row, i) => expect(after.get(row.id)).toBe(at(i)));
    expect(after.get(rows[349]!.id)).toBe(before);
  });
});
