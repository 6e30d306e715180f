import { randomUUID } from 'node:crypto';
import type { SyncBatch } from '@inlet/providers';

type SyncedMessage = SyncBatch['upserts'][number];
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { KyselySyncStore } from '../src/engine/kysely-sync-store.js';
import * as webhookEvents from '../src/engine/webhooks/webhook-events.js';
import { contactFor } from '../src/engine/reply-logging.js';
import type { GatewayServices } from '../src/gateway-services.js';
import { engines } from './testkit/databases.js';
import { openServices, type OpenedServices } from './testkit/services.js';
import { recordingProxy } from './testkit/recording-proxy.js';
import { insertBenchUser, insertConnection } from './testkit/seed.js';

/** The store writes a whole batch with a few statements: what it stores and logs is still per message. */
describe.each(engines)('KyselySyncStore batches on %s', (engine) => {
  let opened: OpenedServices;
  let services: GatewayServices;
  let store: KyselySyncStore;
  let connection: Awaited<ReturnType<typeof insertConnection>>;
  let connectionId: string;
  const own = 'jane@store.test';
  const sentX = `<${randomUUID()}@crm.test>`;
  const sentY = `<${randomUUID()}@crm.test>`;
  const contacts: Record<string, string> = {};
  const replyA = `<a-${randomUUID()}@customer.test>`;

  const message = (uid: number, fields: Partial<SyncedMessage> = {}): SyncedMessage => ({
    folder: 'INBOX',
    uid,
    messageId: `<m${uid}-${randomUUID()}@customer.test>`,
    inReplyTo: null,
    references: [],
    from: { name: null, address: 'someone@customer.test' },
    to: [{ name: null, address: own }],
    cc: [],
    subject: `message ${uid}`,
    date: new Date(Date.UTC(2026, 11, 1, 0, uid)).toISOString(),
    flags: [],
    snippet: `snippet ${uid}`,
    ...fields,
  });
  const batch = (upserts: SyncedMessage[], extra: Partial<SyncBatch> = {}): SyncBatch => ({
    folder: 'INBOX',
    state: { path: 'INBOX', uidValidity: '7', uidNext: 100, highestModseq: null },
    upserts,
    flagUpdates: [],
    expunged: [],
    quarantined: [],
    ...extra,
  });
  const replies = () =>
    services.db
      .selectFrom('email_activities')
      .select(['contact_id', 'message_id', 'subject'])
      .where('type', '=', 'REPLY')
      .execute();

  beforeAll(async () => {
    opened = await openServices(engine);
    services = opened.services;
    const userId = await insertBenchUser(services, own);
    connection = await insertConnection(services, userId, own);
    connectionId = connection.id;
    store = new KyselySyncStore(services, connection);
    const now = new Date().toISOString();
    for (const email of ['bob@customer.test', 'carol@customer.test', 'dave@customer.test']) {
      contacts[email] = randomUUID();
      await services.db
        .insertInto('contacts')
        .values({ id: contacts[email], email, name: null, created_at: now })
        .execute();
    }
    // X went to Bob; Y went to Carol and Dave.
    for (const [messageId, email] of [
      [sentX, 'bob@customer.test'],
      [sentY, 'carol@customer.test'],
      [sentY, 'dave@customer.test'],
    ] as const) {
      await services.db
        .insertInto('email_activities')
        .values({
          id: randomUUID(),
          contact_id: contacts[email]!,
          connection_id: connectionId,
          type: 'SENT_ONE_TO_ONE',
          message_id: messageId,
          subject: 'Quote',
          snippet: null,
          occurred_at: now,
          created_at: now,
        })
        .execute();
    }
  });
  afterAll(async () => {
    await opened.close();
  });

  it('stores every message of a batch and logs each reply once on the contacts it answers', async () => {
    const a = message(1, {
      messageId: replyA,
      from: { name: 'Bob', address: 'Bob@Customer.test' },
      inReplyTo: sentX,
      subject: 'Re: X from Bob',
    });
    const b = message(2, { references: ['<other@x.test>', sentY], subject: 'Re: Y, a stranger' });
    const c = message(3, {
      from: { name: null, address: 'carol@customer.test' },
      inReplyTo: sentY,
      references: [sentY],
      subject: 'Re: Y from Carol',
    });
    const aAgain = message(4, { ...a, uid: 4 }); // the same message in the folder twice
    const mine = message(5, { from: { name: null, address: own }, inReplyTo: sentX });
    const plain = message(6);
    const published = vi.spyOn(services.pubsub, 'publish');
    try {
      await store.saveBatch(batch([a, b, c, aAgain, mine, plain], { rebuild: true }));
      const logged = published.mock.calls.filter(([topic]) => topic === 'activityLogged');
      const synced = published.mock.calls.filter(([topic]) => topic === 'messageSynced');
      expect(synced).toHaveLength(0); // a rebuild announces no messages
      expect(logged).toHaveLength(4);
    } finally {
      published.mockRestore();
    }
    const byContact = (await replies())
      .map(
        (r) => `${r.subject} -> ${Object.keys(contacts).find((k) => contacts[k] === r.contact_id)}`,
      )
      .sort();
    expect(byContact).toEqual([
      'Re: X from Bob -> bob@customer.test',
      'Re: Y from Carol -> carol@customer.test',
      'Re: Y, a stranger -> carol@customer.test',
      'Re: Y, a stranger -> dave@customer.test',
    ]);
    const rows = await services.db
      .selectFrom('messages')
      .select(['uid', 'subject', 'references_json', 'from_json', 'snippet'])
      .where('connection_id', '=', connectionId)
      .orderBy('uid')
      .execute();
    expect(rows.map((r) => r.uid)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(JSON.parse(rows[1]!.references_json)).toEqual(['<other@x.test>', sentY]);
    expect(JSON.parse(rows[0]!.from_json!)).toEqual({ name: 'Bob', address: 'Bob@Customer.test' });
    const state = await services.db
      .selectFrom('folder_state')
      .select('message_count')
      .where('connection_id', '=', connectionId)
      .executeTakeFirstOrThrow();
    expect(Number(state.message_count)).toBe(6);
  });

  it('saving the batch again updates the rows in place and logs nothing twice', async () => {
    const before = await replies();
    const again = [
      message(1, { messageId: replyA, inReplyTo: sentX, subject: 'changed', flags: ['\\Seen'] }),
      message(7, { inReplyTo: sentX, from: { name: null, address: 'bob@customer.test' } }),
    ];
    const published = vi.spyOn(services.pubsub, 'publish');
    try {
      await store.saveBatch(
        batch(again, {
          quarantined: [
            { folder: 'INBOX', uid: 8, reason: 'first' },
            { folder: 'INBOX', uid: 8, reason: 'second' },
          ],
        }),
      );
      const synced = published.mock.calls.filter(([t]) => t === 'messageSynced');
      expect(synced).toHaveLength(2);
      expect(published.mock.calls.filter(([t]) => t === 'activityLogged')).toHaveLength(1);
      // Each event names the row it is about: UID 1 keeps the id it was stored under.
      const storedIds = await services.db
        .selectFrom('messages')
        .select('id')
        .where('connection_id', '=', connectionId)
        .where('uid', 'in', [1, 7])
        .orderBy('uid')
        .execute();
      expect(
        synced.map(([, payload]) => (payload as { message: { id: string } }).message.id),
      ).toEqual(storedIds.map((r) => r.id));
    } finally {
      published.mockRestore();
    }
    expect(await replies()).toHaveLength(before.length + 1);
    const one = await services.db
      .selectFrom('messages')
      .select(['subject', 'flags_json'])
      .where('connection_id', '=', connectionId)
      .where('uid', '=', 1)
      .execute();
    expect(one).toEqual([{ subject: 'changed', flags_json: '["\\\\Seen"]' }]);
    const quarantined = await services.db
      .selectFrom('quarantined_messages')
      .select(['uid', 'reason'])
      .where('connection_id', '=', connectionId)
      .execute();
    expect(quarantined).toEqual([{ uid: 8, reason: 'second' }]);

    await store.saveBatch(batch(again));
    expect(await replies()).toHaveLength(before.length + 1);
  });

  it.runIf(engine === 'postgres')(
    'costs two round trips a batch with nothing to follow up: BEGIN goes with its statements, COMMIT with its last',
    async () => {
      const proxied = await recordingProxy(services.config.databaseUrl);
      try {
        const through = new KyselySyncStore(
          { db: proxied.db, pubsub: services.pubsub },
          connection,
        );
        const folder = 'Pipelined';
        const state = { path: folder, uidValidity: '3', uidNext: 12, highestModseq: null };
        proxied.reset();
        await through.saveBatch(
          batch([message(10, { folder }), message(11, { folder })], { folder, state }),
        );
        // Awaiting each statement took five: BEGIN, the batch's statements, folder state, endpoints, COMMIT.
        expect(proxied.roundTrips()).toBe(2);
        const stored = await services.db
          .selectFrom('folder_state')
          .select(['uid_next', 'message_count'])
          .where('connection_id', '=', connectionId)
          .where('path', '=', folder)
          .executeTakeFirstOrThrow();
        expect([Number(stored.uid_next), Number(stored.message_count)]).toEqual([12, 2]);
      } finally {
        await proxied.close();
      }
    },
  );

  it('gives new messages time-ordered ids (UUIDv7), so they go to the end of the primary key index', async () => {
    const folder = 'Ordered';
    const state = { path: folder, uidValidity: '5', uidNext: 30, highestModseq: null };
    const uids = [21, 22, 23, 24, 25, 26];
    for (const part of [uids.slice(0, 3), uids.slice(3)])
      await store.saveBatch(
        batch(
          part.map((uid) => message(uid, { folder })),
          { folder, state },
        ),
      );
    const rows = await services.db
      .selectFrom('messages')
      .select(['id', 'uid'])
      .where('connection_id', '=', connectionId)
      .where('folder', '=', folder)
      .orderBy('uid')
      .execute();
    const ids = rows.map((r) => r.id);
    expect(ids).toHaveLength(6);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    // Stored in UID order, one batch after the other: their ids ascend the same way.
    expect([...ids].sort()).toEqual(ids);
  });

  it("keeps the folder's message count equal to its rows through rebuilds, re-saves, duplicates and expunges", async () => {
    const folder = 'Archive';
    const inArchive = (uid: number) => message(uid, { folder });
    const save = (upserts: SyncedMessage[], extra: Partial<SyncBatch> = {}) =>
      store.saveBatch(batch(upserts, { folder, ...extra }));
    const counts = async () => {
      const state = await services.db
        .selectFrom('folder_state')
        .select('message_count')
        .where('connection_id', '=', connectionId)
        .where('path', '=', folder)
        .executeTakeFirstOrThrow();
      const rows = await services.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('connection_id', '=', connectionId)
        .where('folder', '=', folder)
        .executeTakeFirstOrThrow();
      return [Number(state.message_count), Number(rows.n)];
    };
    await save([1, 2, 3].map(inArchive), { rebuild: true });
    expect(await counts()).toEqual([3, 3]);
    await save([3, 4, 4, 5].map(inArchive)); // one already stored, one twice in the batch
    expect(await counts()).toEqual([5, 5]);
    await save([6].map(inArchive), { expunged: [1, 2, 99] }); // 99 was never stored
    expect(await counts()).toEqual([4, 4]);
    await save([], { expunged: [3], flagUpdates: [{ uid: 4, flags: ['\\Seen'] }] });
    expect(await counts()).toEqual([3, 3]);
    await save([7, 8].map(inArchive), { rebuild: true }); // a new UIDVALIDITY: the old rows go
    expect(await counts()).toEqual([2, 2]);
  });

  it("learns a contact's name from the display name of its own reply, never replacing a known one", async () => {
    const sentZ = `<${randomUUID()}@crm.test>`;
    const now = new Date().toISOString();
    const named: Record<string, string> = {};
    for (const [email, name] of [
      ['dana@customer.test', null],
      ['erin@customer.test', 'Erin Known'],
    ] as const) {
      named[email] = randomUUID();
      await services.db
        .insertInto('contacts')
        .values({ id: named[email], email, name, created_at: now })
        .execute();
      await services.db
        .insertInto('email_activities')
        .values({
          id: randomUUID(),
          contact_id: named[email],
          connection_id: connectionId,
          type: 'SENT_ONE_TO_ONE',
          message_id: sentZ,
          subject: 'Z',
          snippet: null,
          occurred_at: now,
          created_at: now,
        })
        .execute();
    }
    const nameOf = async (email: string) =>
      (
        await services.db
          .selectFrom('contacts')
          .select('name')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).name;

    /** Replies to Z from these senders (name, address), one message each from `uid` on. */
    const repliesToZ = (uid: number, senders: [string, string][]) =>
      store.saveBatch(
        batch(
          senders.map(([name, address], i) =>
            message(uid + i, { from: { name, address }, inReplyTo: sentZ }),
          ),
        ),
      );

    // Someone else answering the thread names nobody; an address as the display name is no name.
    await repliesToZ(20, [
      ['Mallory Other', 'mallory@x.test'],
      ['dana@customer.test', 'dana@customer.test'],
    ]);
    expect(await nameOf('dana@customer.test')).toBeNull();

    await repliesToZ(22, [
      [' Dana  Customer ', 'Dana@Customer.test'],
      ['Erin Other', 'erin@customer.test'],
    ]);
    expect(await nameOf('dana@customer.test')).toBe('Dana Customer');
    expect(await nameOf('erin@customer.test')).toBe('Erin Known');
  });

  it('contactFor (sending) names a contact known by address alone, and keeps a known name', async () => {
    const id = await contactFor(services.db, 'fred@customer.test', null);
    expect(await contactFor(services.db, 'FRED@customer.test', 'Fred Sender')).toBe(id);
    expect(await contactFor(services.db, 'fred@customer.test', 'Someone Else')).toBe(id);
    expect(await contactFor(services.db, 'fred@customer.test', null)).toBe(id);
    const row = await services.db
      .selectFrom('contacts')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Fred Sender');
  });

  it.runIf(engine === 'sqlite')(
    'a batch builds no webhook event without an endpoint, and leaves the connection at synchronous=FULL, committed or failed',
    async () => {
      const synchronous = async () =>
        (await sql<{ synchronous: number }>`pragma synchronous`.execute(services.db)).rows[0]
          ?.synchronous;
      const events = vi.spyOn(webhookEvents, 'messageSyncedEvent');
      await store.saveBatch(batch([message(301)]));
      expect(events).not.toHaveBeenCalled();
      events.mockRestore();
      expect(await synchronous()).toBe(2);
      const broken = { ...message(302), uid: null as unknown as number };
      await expect(store.saveBatch(batch([broken]))).rejects.toThrow();
      expect(await synchronous()).toBe(2);
    },
  );
});
