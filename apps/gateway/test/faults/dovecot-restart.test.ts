import { randomUUID } from 'node:crypto';
import { startDovecot, withTestMailbox, type DovecotServer } from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncSupervisor } from '../../src/engine/supervisor.js';
import { engines } from '../testkit/databases.js';
import { startTestGateway, type TestGateway } from '../testkit/gateway.js';
import { caFile } from '../testkit/mail-servers.js';
import { insertImapConnection } from '../testkit/seed.js';
import { quickImapSupervisor } from '../testkit/supervisor.js';
import { until } from '../testkit/wait.js';

const ACCOUNTS = 10;
const raw = (to: string, subject: string) =>
  `From: Bob <bob@customer.test>\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@customer.test>\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello\r\n`;

// Ground truth after the server went away under ten live accounts and came back: every account is
// CONNECTED again and holds exactly the messages the server holds, none lost and none twice.
describe.each(engines)('a Dovecot restart under %s accounts', (engine) => {
  const users = Array.from({ length: ACCOUNTS }, (_, i) => ({
    user: `user${i}@restart.test`,
    password: `pass-${i}`,
  }));
  let dovecot: DovecotServer;
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  const ids: string[] = [];

  const append = (i: number, subjects: string[]) =>
    withTestMailbox(dovecot, users[i]!, async (client) => {
      for (const s of subjects) await client.append('INBOX', raw(users[i]!.user, s));
    });
  const statuses = async () =>
    (
      await gw.services.db
        .selectFrom('connections')
        .select('status')
        .where('id', 'in', ids)
        .execute()
    ).map((r) => r.status);
  const inboxRows = async () =>
    gw.services.db
      .selectFrom('messages')
      .select(['connection_id', 'uid', 'message_id'])
      .where('connection_id', 'in', ids)
      .where('folder', '=', 'INBOX')
      .execute();

  beforeAll(async () => {
    dovecot = await startDovecot({ users });
    gw = await startTestGateway(engine, {
      env: {
        INLET_EXTRA_CA_FILE: caFile(dovecot.ca),
        INLET_ISPDB_URL: 'off',
        INLET_ALLOW_PRIVATE_HOSTS: `localhost:${dovecot.imapsPort}`,
      },
    });
    await gw.signIn();
    const { id: userId } = await gw.services.db
      .selectFrom('users')
      .select('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < ACCOUNTS; i++) {
      await append(i, ['First', 'Second', 'Third']);
      const row = await insertImapConnection(
        gw.services,
        userId,
        users[i]!.user,
        users[i]!.password,
        dovecot.imapsPort,
        'CONNECTING',
        'localhost',
      );
      ids.push(row.id);
    }
    supervisor = quickImapSupervisor(gw.services);
    await supervisor.start();
  }, 120_000);
  afterAll(async () => {
    await supervisor?.stop();
    await gw?.close();
    await dovecot?.stop();
  });

  it('reconnects every account, losing and duplicating nothing', async () => {
    const allConnected = (s: string[]) =>
      s.length === ACCOUNTS && s.every((x) => x === 'CONNECTED');
    expect(await until(statuses, allConnected, 60_000)).toEqual(Array(ACCOUNTS).fill('CONNECTED'));
    expect(await until(inboxRows, (r) => r.length === 3 * ACCOUNTS, 30_000)).toHaveLength(
      3 * ACCOUNTS,
    );

    await dovecot.pause();
    try {
      const down = await until(statuses, (s) => s.every((x) => x === 'RETRYING'), 60_000);
      expect(down).toEqual(Array(ACCOUNTS).fill('RETRYING'));
    } finally {
      await dovecot.resume();
    }
    for (let i = 0; i < ACCOUNTS; i++) await append(i, ['After the restart']);
    for (const id of ids) void supervisor.checkNow(id);

    const rows = await until(inboxRows, (r) => r.length >= 4 * ACCOUNTS, 60_000);
    expect(rows).toHaveLength(4 * ACCOUNTS);
    for (const id of ids) {
      const mine = rows.filter((r) => r.connection_id === id);
      expect(mine).toHaveLength(4);
      expect(new Set(mine.map((r) => r.message_id)).size).toBe(4);
    }
    expect(await until(statuses, allConnected, 60_000)).toEqual(Array(ACCOUNTS).fill('CONNECTED'));
  }, 240_000);
});
