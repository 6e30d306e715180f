import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../src/db/tables/connection.table.js';
import { engines } from './testkit/databases.js';
import { ADMIN, startTestGateway, type TestGateway } from './testkit/gateway.js';
import { QueryLog } from './testkit/query-log.js';
import { insertConnection } from './testkit/seed.js';

const COUNT = `query CountTest($filter: ConnectedEmailsFilter) {
  connectedEmails(filter: $filter, first: 1) { totalCount edges { node { email } } }
}`;

/**
 * connectedEmails keeps a filter's totalCount until the database's connection_list_version moves
 * (triggers on insert, delete and a change of status, provider, owner or address): every change,
 * however it is written, shows in the next count, and an unchanged list is not counted again.
 */
describe.each(engines)('connectedEmails totalCount cache on %s', (engine) => {
  let gw: TestGateway;
  let cookie: string;
  let adminId: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    cookie = await gw.signIn();
    adminId = (
      await gw.services.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', ADMIN.email)
        .executeTakeFirstOrThrow()
    ).id;
    for (let i = 0; i < 3; i++)
      await insertConnection(gw.services, adminId, `c${i}@one.test`, { status: 'CONNECTED' });
  });
  afterAll(() => gw?.close());

  const total = async (filter: Record<string, unknown>) => {
    const res = await gw.request(COUNT, { filter }, { cookie });
    expect(res.errors).toBeUndefined();
    return res.data.connectedEmails.totalCount as number;
  };
  const connected = () => total({ status: ['CONNECTED'] });
  const setStatus = (email: string, status: ConnectionStatus) =>
    gw.services.db.updateTable('connections').set({ status }).where('email', '=', email).execute();

  it('counts again after inserts, deletes and status changes made by any writer', async () => {
    expect(await connected()).toBe(3);
    const added = await insertConnection(gw.services, adminId, 'c3@two.test', {
      status: 'CONNECTED',
    });
    expect(await connected()).toBe(4);
    await setStatus('c0@one.test', 'ERROR');
    expect(await connected()).toBe(3);
    expect(await total({ status: ['ERROR'] })).toBe(1);
    await gw.services.db.deleteFrom('connections').where('id', '=', added.id).execute();
    expect(await connected()).toBe(2);
    expect(await total({ domain: 'two.test' })).toBe(0);
    await gw.services.db
      .updateTable('connections')
      .set({ email: 'c1@two.test' })
      .where('email', '=', 'c1@one.test')
      .execute();
    expect(await total({ domain: 'two.test' })).toBe(1);
    await setStatus('c0@one.test', 'CONNECTED');
    expect(await connected()).toBe(3);
  });

  it('does not count an unchanged list again, nor after a write the filters do not read', async () => {
    const version = () =>
      gw.services.db
        .selectFrom('connection_list_version')
        .select('version')
        .executeTakeFirstOrThrow();
    const before = await version();
    await gw.services.db
      .updateTable('connections')
      .set({ last_synced_at: new Date().toISOString(), status: 'CONNECTED' })
      .where('status', '=', 'CONNECTED')
      .execute();
    expect(await version()).toEqual(before);

    await connected();
    const plain = gw.services.db;
    const log = new QueryLog();
    gw.services.db = plain.withPlugin(log);
    try {
      expect(await connected()).toBe(3);
    } finally {
      gw.services.db = plain;
    }
    // The page (which reads the version with it) and its owners; no second read of connections.
    expect(log.reads('connections')).toBe(1);
  });
});
