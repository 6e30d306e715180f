import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncSupervisor } from '../src/engine/supervisor.js';
import type { SyncSessionFactory } from '../src/engine/sync-session.js';
import {
  claimLeases,
  readLeaseReport,
  releaseLeases,
  renewLeases,
  writeLeaseReport,
  type WorkerIdentity,
} from '../src/engine/sync-leases.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertBenchUser, insertImapConnection } from './testkit/seed.js';

const TTL = 10_000;
const worker = (id: string): WorkerIdentity => ({
  id,
  host: 'test',
  pid: 1,
  startedAt: Date.now(),
});

describe.each(engines)('sync leases on %s', (engine) => {
  let gw: TestGateway;
  let ids: string[];
  const db = () => gw.services.db;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const owner = await insertBenchUser(gw.services, 'owner@leases.test');
    ids = [];
    for (let i = 0; i < 12; i++)
      ids.push((await insertImapConnection(gw.services, owner, `l${i}@leases.test`, 'pw', 993)).id);
    await insertImapConnection(gw.services, owner, 'parked@leases.test', 'pw', 993, 'NEEDS_REAUTH');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('concurrent claims split the connections: every active one owned exactly once, parked ones by nobody', async () => {
    const claims = await Promise.all(
      ['w1', 'w2', 'w3'].map((w) => claimLeases(db(), w, TTL, { limit: 12, providers: ['IMAP'] })),
    );
    const all = claims.flat();
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(all.length);
    // A second round finds nothing left to take.
    expect(await claimLeases(db(), 'w4', TTL, { limit: 12, providers: ['IMAP'] })).toEqual([]);
    expect(await claimLeases(db(), 'w4', TTL, { connectionId: ids[0]! })).toEqual([]);
    for (const w of ['w1', 'w2', 'w3']) await releaseLeases(db(), w, ids);
  });

  it('an expired lease is taken over, and its old owner no longer renews it', async () => {
    const past = Date.now() - 2 * TTL;
    expect(await claimLeases(db(), 'old', TTL, { connectionId: ids[0]! }, past)).toEqual([ids[0]]);
    expect(await claimLeases(db(), 'new', TTL, { connectionId: ids[0]! })).toEqual([ids[0]]);
    expect(await renewLeases(db(), worker('old'), TTL)).toEqual([]);
    expect(await renewLeases(db(), worker('new'), TTL)).toEqual([ids[0]]);
    await releaseLeases(db(), 'new', [ids[0]!]);
  });

  it('a connection named by a command is claimed whatever its status; reports are read only while the lease lives', async () => {
    const parked = await db()
      .selectFrom('connections')
      .select('id')
      .where('status', '=', 'NEEDS_REAUTH')
      .executeTakeFirstOrThrow();
    expect(await claimLeases(db(), 'w1', TTL, { connectionId: parked.id })).toEqual([parked.id]);
    await writeLeaseReport(db(), 'w1', parked.id, {
      sessionsInUse: 2,
      progress: { folder: 'INBOX', done: 3, total: 9 },
    });
    await writeLeaseReport(db(), 'intruder', parked.id, { sessionsInUse: 5, progress: null }); // not its lease: ignored
    expect(await readLeaseReport(db(), parked.id)).toEqual({
      sessionsInUse: 2,
      progress: { folder: 'INBOX', done: 3, total: 9 },
    });
    expect(await readLeaseReport(db(), parked.id, Date.now() + 2 * TTL)).toBeNull();
    await releaseLeases(db(), 'w1', [parked.id]);
    expect(await readLeaseReport(db(), parked.id)).toBeNull();
  });

  it("a restarted process with the same identity takes its leases back at once, without its predecessor's progress", async () => {
    // What a kill -9 leaves: leases of a dead process, valid for a long while, with its last progress.
    const dead = 'host-a:gateway:4000';
    const taken = await claimLeases(db(), dead, 10 * 60_000, { limit: 3, providers: ['IMAP'] });
    expect(taken).toHaveLength(3);
    for (const id of taken)
      await writeLeaseReport(db(), dead, id, {
        sessionsInUse: 2,
        progress: { folder: 'INBOX', done: 250, total: 1500 },
      });

    const started: string[] = [];
    const openSession: SyncSessionFactory = async (row) => ({
      connectionsInUse: 0,
      start: async () => void started.push(row.id),
      checkNow: () => undefined,
      stop: async () => undefined,
    });
    const restarted = new SyncSupervisor(gw.services, {
      workerId: dead,
      openSession,
      kinds: ['IMAP'],
      staggerMs: 1,
      lease: { ttlMs: TTL },
    });
    try {
      await restarted.start();
      for (let i = 0; i < 100 && taken.some((id) => !started.includes(id)); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(started).toEqual(expect.arrayContaining(taken));
      for (const id of taken)
        expect((await readLeaseReport(db(), id))?.progress ?? null).toBeNull();
    } finally {
      await restarted.stop();
    }
  });
});
