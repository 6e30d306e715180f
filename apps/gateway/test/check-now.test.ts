import { ProviderError } from '@inlet/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRow } from '../src/db/tables/connection.table.js';
import { CHECK_UNANSWERED_MS, readLastCheck } from '../src/engine/connection-check.js';
import { SyncSupervisor } from '../src/engine/supervisor.js';
import type { RunnerEvents, SyncSession, SyncSessionFactory } from '../src/engine/sync-session.js';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertConnection } from './testkit/seed.js';
import { subscribeTo } from './testkit/subscriptions.js';
import { until, waitFor } from './testkit/wait.js';

// "Check now" reports what it did (issue 13, item 2): lastCheck is RUNNING as soon as it is asked for,
// then DONE with the new messages it synced, or FAILED with the error; every console hears both through
// connectionStatusChanged. The sessions are scripted (what a check finds is up to the script); the real
// IMAP session's check runs in the console's browser test against Dovecot.

const CheckNow = graphql(`
  mutation CheckNowTest($id: ID!) {
    checkConnectionNow(id: $id) {
      ... on Connection {
        lastCheck {
          state
          requestedAt
          finishedAt
        }
      }
    }
  }
`);

const LastCheck = graphql(`
  query LastCheckTest($id: ID!) {
    connection(id: $id) {
      status
      lastCheck {
        state
        requestedAt
        finishedAt
        newMessages
        error {
          code
          message
          hint
        }
      }
    }
  }
`);

const CheckPushed = graphql(`
  subscription CheckPushedTest($id: ID!) {
    connectionStatusChanged(connectionId: $id) {
      lastCheck {
        state
        newMessages
        error {
          code
        }
      }
    }
  }
`);

/** What the scripted session of a connection does when checked (and whether it starts at all). */
interface Script {
  start?: 'ok' | ProviderError;
  /** New messages the first sync of a session finds. */
  startNew?: number;
  check?: { newMessages: number } | ProviderError;
}

function scriptedFactory(scripts: Map<string, Script>): SyncSessionFactory {
  return async (connection: ConnectionRow, { events }: { events: RunnerEvents }) => {
    const script = scripts.get(connection.id) ?? {};
    const session: SyncSession = {
      connectionsInUse: 2,
      async start() {
        const outcome = script.start ?? 'ok';
        if (outcome !== 'ok') return events.failed(outcome);
        events.progress({ folder: 'INBOX', done: 0, total: 1 });
        events.synced({ newMessages: script.startNew ?? 0 });
        events.upToDate();
      },
      async checkNow() {
        await new Promise((r) => setTimeout(r, 100)); // a check takes a moment: RUNNING is seen first
        const check = scripts.get(connection.id)?.check ?? { newMessages: 0 }; // the script as it is now
        if (check instanceof ProviderError) return events.failed(check);
        events.synced({ newMessages: check.newMessages });
        events.synced({ newMessages: 0 }); // another folder, nothing new
      },
      async stop() {},
    };
    return session;
  };
}

describe.each(engines)('Check now reports its outcome on %s', (engine) => {
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let cookie: string;
  const scripts = new Map<string, Script>();

  async function seed(
    email: string,
    script: Script,
    status: ConnectionRow['status'] = 'CONNECTING',
  ): Promise<string> {
    const user = await gw.services.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const { id } = await insertConnection(gw.services, user.id, email, { status });
    scripts.set(id, script);
    return id;
  }
  const lastCheck = async (id: string) =>
    (await gw.execute(LastCheck, { id }, { cookie })).data!.connection!;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    cookie = await gw.signIn();
    supervisor = new SyncSupervisor(gw.services, {
      openSession: scriptedFactory(scripts),
      kinds: ['IMAP'],
      staggerMs: 10,
      backoff: { baseMs: 60_000, capMs: 60_000, stableMs: 60_000 },
      hostOf: () => 'imap.example.test',
    });
    await supervisor.start();
  });
  afterAll(async () => {
    await supervisor?.stop();
    await gw?.close();
  });

  it('is RUNNING at once, then DONE with the new messages it synced, pushed to subscribers; kept until the next check', async () => {
    const id = await seed('done@acme.test', { check: { newMessages: 3 } });
    void supervisor.ensure(id);
    expect(
      (
        await until(
          () => lastCheck(id),
          (c) => c.status === 'CONNECTED',
        )
      ).lastCheck,
    ).toBeNull();
    const pushed = subscribeTo(gw.wsClient({ cookie }), CheckPushed, { id });
    await new Promise((r) => setTimeout(r, 200));

    const asked = (await gw.execute(CheckNow, { id }, { cookie })).data!.checkConnectionNow;
    expect(asked).toMatchObject({ lastCheck: { state: 'RUNNING', finishedAt: null } });
    const done = await until(
      () => lastCheck(id),
      (c) => c.lastCheck?.state === 'DONE',
    );
    expect(done.lastCheck).toMatchObject({ state: 'DONE', newMessages: 3, error: null });
    expect(done.lastCheck!.requestedAt).toBe(
      (asked as { lastCheck: { requestedAt: string } }).lastCheck.requestedAt,
    );
    expect(Date.parse(done.lastCheck!.finishedAt!)).toBeGreaterThanOrEqual(
      Date.parse(done.lastCheck!.requestedAt),
    );
    await waitFor(
      () => pushed.events.some((e) => e.connectionStatusChanged.lastCheck?.state === 'DONE'),
      'the outcome pushed',
      5000,
    );
    const states = pushed.events.map((e) => e.connectionStatusChanged.lastCheck?.state);
    expect(states.indexOf('RUNNING')).toBeGreaterThanOrEqual(0);
    expect(states.indexOf('RUNNING')).toBeLessThan(states.indexOf('DONE'));
    expect(
      pushed.events.find((e) => e.connectionStatusChanged.lastCheck?.state === 'DONE')!
        .connectionStatusChanged.lastCheck!.newMessages,
    ).toBe(3);
    pushed.stop();

    // It stays: later syncs do not clear it; the next check replaces it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await lastCheck(id)).lastCheck).toMatchObject({ state: 'DONE', newMessages: 3 });
    scripts.set(id, { check: { newMessages: 0 } });
    await gw.execute(CheckNow, { id }, { cookie });
    const again = await until(
      () => lastCheck(id),
      (c) =>
        c.lastCheck?.state === 'DONE' && c.lastCheck.requestedAt !== done.lastCheck!.requestedAt,
    );
    expect(again.lastCheck).toMatchObject({ state: 'DONE', newMessages: 0 });
  });

  it('is FAILED with the error when the check cannot reach the server; the connection retries', async () => {
    const id = await seed('down@acme.test', {
      check: new ProviderError('CONNECTION_REFUSED', { step: 'tcp' }),
    });
    void supervisor.ensure(id);
    await until(
      () => lastCheck(id),
      (c) => c.status === 'CONNECTED',
    );
    await gw.execute(CheckNow, { id }, { cookie });
    // The check's end and the connection's status are two writes: wait for both.
    const failed = await until(
      () => lastCheck(id),
      (c) => c.lastCheck?.state === 'FAILED' && c.status === 'RETRYING',
    );
    expect(failed.status).toBe('RETRYING');
    expect(failed.lastCheck).toMatchObject({
      state: 'FAILED',
      newMessages: null,
      error: { code: 'CONNECTION_REFUSED', message: expect.any(String), hint: expect.any(String) },
    });
    expect(failed.lastCheck!.finishedAt).not.toBeNull();

    // Checked again while it waits to retry: the retry runs now and is the check (it works this time).
    scripts.set(id, { startNew: 2 });
    await gw.execute(CheckNow, { id }, { cookie });
    const recovered = await until(
      () => lastCheck(id),
      (c) => c.lastCheck?.state === 'DONE' && c.status === 'CONNECTED',
    );
    expect(recovered.status).toBe('CONNECTED');
    expect(recovered.lastCheck).toMatchObject({ state: 'DONE', newMessages: 2 });
  });

  it('wakes a connection parked for its owner; its new session is the check', async () => {
    const id = await seed('parked@acme.test', { startNew: 5 }, 'NEEDS_REAUTH');
    await gw.execute(CheckNow, { id }, { cookie });
    const done = await until(
      () => lastCheck(id),
      (c) => c.lastCheck?.state === 'DONE',
    );
    expect(done.status).toBe('CONNECTED');
    expect(done.lastCheck!.newMessages).toBe(5);

    // Parked again by a wrong password: the check says so.
    scripts.set(id, { start: new ProviderError('AUTHENTICATION_FAILED', { step: 'login' }) });
    await gw.services.db
      .updateTable('connections')
      .set({ status: 'NEEDS_REAUTH' })
      .where('id', '=', id)
      .execute();
    await supervisor.remove(id);
    await gw.execute(CheckNow, { id }, { cookie });
    const refused = await until(
      () => lastCheck(id),
      (c) => c.lastCheck?.state === 'FAILED',
    );
    expect(refused.status).toBe('NEEDS_REAUTH');
    expect(refused.lastCheck!.error!.code).toBe('AUTHENTICATION_FAILED');
  });

  it('shows a check nobody answered (its worker stopped) as failed after a while, not running for ever', () => {
    const requestedAt = new Date(Date.now() - CHECK_UNANSWERED_MS - 1000).toISOString();
    const stale = readLastCheck(JSON.stringify({ requestedAt }));
    expect(stale).toMatchObject({
      state: 'FAILED',
      requestedAt,
      error: { code: 'CHECK_UNANSWERED' },
    });
    expect(stale!.error!.message).toMatch(/did not finish/);
    expect(readLastCheck(JSON.stringify({ requestedAt: new Date().toISOString() }))?.state).toBe(
      'RUNNING',
    );
  });
});
