import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPSERT_CHUNK, upsertMessages } from '../src/engine/messages-upsert.js';
import type { MessageRow } from '../src/db/tables/sync.table.js';
import type { GatewayServices } from '../src/gateway-services.js';
import { engines } from './testkit/databases.js';
import { openServices, type OpenedServices } from './testkit/services.js';
import { insertBenchUser, insertConnection } from './testkit/seed.js';

/** The upsert's statement is built once per row count and reused: every value must still land in its column. */
describe.each(engines)('upsertMessages on %s', (engine) => {
  let opened: OpenedServices;
  let services: GatewayServices;
  let connectionId: string;

  // Every column distinct per row, nulls included, so a value in the wrong column or row shows.
  const row = (uid: number, version: string): MessageRow => ({
    id: randomUUID(),
    connection_id: connectionId,
    folder: uid % 2 ? 'INBOX' : 'Sent',
    uid,
    message_id: `<${version}-${uid}@upsert.test>`,
    in_reply_to: uid % 3 ? `<parent-${version}-${uid}@upsert.test>` : null,
    references_json: JSON.stringify([`<ref-${version}-${uid}@upsert.test>`]),
    from_json: uid % 5 ? JSON.stringify({ name: `From ${uid}`, address: `f${uid}@x.test` }) : null,
    to_json: JSON.stringify([{ name: null, address: `to-${version}-${uid}@x.test` }]),
    cc_json: JSON.stringify([{ name: null, address: `cc-${version}-${uid}@x.test` }]),
    subject: uid % 7 ? `subject ${version} ${uid}` : null,
    date: new Date(Date.UTC(2026, 0, 1, 0, uid)).toISOString(),
    flags_json: JSON.stringify([`$${version}${uid}`]),
    snippet: uid % 4 ? `snippet ${version} ${uid}` : null,
    synced_at: `2026-12-0${version === 'v1' ? 1 : 2}T00:00:00.000Z`,
  });
  const stored = () =>
    services.db
      .selectFrom('messages')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('uid')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, uid: Number(r.uid) })));

  beforeAll(async () => {
    opened = await openServices(engine);
    services = opened.services;
    const userId = await insertBenchUser(services, 'owner@upsert.test');
    connectionId = (await insertConnection(services, userId, 'owner@upsert.test')).id;
  });
  afterAll(async () => {
    await opened.close();
  });

  it('stores every column of every row, over several statements of different sizes', async () => {
    const rows = Array.from({ length: UPSERT_CHUNK + 3 }, (_, i) => row(i + 1, 'v1'));
    // A statement of 2 rows, then of 500 and 3.
    expect((await upsertMessages(services.db, rows.slice(0, 2))).size).toBe(2);
    expect((await upsertMessages(services.db, rows.slice(2))).size).toBe(rows.length - 2);
    expect(await stored()).toEqual(rows);
  });

  it('a row already stored for its (connection, folder, UID) is updated in place, keeping its id; only inserted ids come back', async () => {
    const before = await stored();
    const again = [row(2, 'v2'), row(UPSERT_CHUNK + 3, 'v2'), row(UPSERT_CHUNK + 4, 'v2')];
    const newId = again[2]!.id;
    expect(await upsertMessages(services.db, again)).toEqual(new Set([newId])); // only the new row
    // The updated rows now carry the ids they are stored under (what is published about them).
    expect(again.map((r) => r.id)).toEqual([
      before.find((b) => b.uid === 2)!.id,
      before.find((b) => b.uid === UPSERT_CHUNK + 3)!.id,
      newId,
    ]);
    const after = await stored();
    expect(after).toHaveLength(before.length + 1);
    const byUid = new Map(after.map((r) => [r.uid, r]));
    for (const r of again) {
      const old = before.find((b) => b.uid === r.uid);
      expect(byUid.get(r.uid)).toEqual({ ...r, id: old ? old.id : r.id });
    }
    expect(byUid.get(1)).toEqual(before[0]);
  });

  it('stores text with a lone surrogate (a snippet cut inside an emoji) and quotes, backslashes and braces as they are', async () => {
    const odd = {
      ...row(UPSERT_CHUNK + 10, 'v3'),
      snippet: `Thanks! ${'\u{1F600}'.slice(0, 1)}`,
      subject: 'a "quoted", {braced} \\ back\\slashed, NULL subject',
    };
    expect(await upsertMessages(services.db, [odd])).toEqual(new Set([odd.id]));
    const saved = (await stored()).find((r) => r.id === odd.id);
    // Stored as UTF-8 text, the lone half of the pair reads back as replacement characters.
    expect(saved).toEqual({ ...odd, snippet: expect.stringMatching(/^Thanks! \uFFFD+$/) });
  });
});
