import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_ANONYMOUS_IDLE } from '../src/live-sockets.js';
import { hashSecret, newSecret } from '../src/modules/identity/secret-token.js';
import { SESSION_COOKIE } from '../src/modules/identity/sessions.js';
import { firstAnswer } from './testkit/client.js';
import { createTestDatabase, engines, type TestDatabase } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { redisUrl } from './testkit/redis.js';
import { describeNeeding } from './testkit/requirements.js';
import { sessionEndedClose } from './testkit/subscriptions.js';
import { waitFor } from './testkit/wait.js';

interface Live {
  /** How the subscription ended: the socket's close event (code, reason) or an error list. */
  ended: Promise<{ code?: number; reason?: string } | unknown[]>;
}

/** A live activityLogged subscription on `client`, once the gateway listens for it (tests end theirs before the next starts). */
async function subscribe(gw: TestGateway, client: Client): Promise<Live> {
  const before = gw.services.pubsub.listenerCount('activityLogged');
  const ended = new Promise<{ code?: number; reason?: string } | unknown[]>((resolve) => {
    client.subscribe(
      { query: 'subscription { activityLogged { id } }' },
      { next: () => undefined, error: (e) => resolve(e as never), complete: () => resolve([]) },
    );
  });
  await waitFor(
    () => gw.services.pubsub.listenerCount('activityLogged') > before,
    'the subscription to listen',
  );
  return { ended };
}

/** INLET_WS_ANONYMOUS_IDLE_SECONDS of the gateway under test. */
const IDLE_S = 2;

/** A raw graphql-ws socket (no client library: it would close an idle socket itself). */
function rawSocket(url: string, headers: Record<string, string> = {}): WebSocket {
  return new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers });
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

describe.each(engines)('sessions end everywhere on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway(engine, {
      // A short idle time: the test of it waits that long (the default is 10 s).
      env: { INLET_WS_MAX_SOCKETS_PER_IP: '3', INLET_WS_ANONYMOUS_IDLE_SECONDS: String(IDLE_S) },
    });
    admin = await gw.signIn();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("signing out closes that session's sockets, and only those", async () => {
    const user = await gw.userSession('USER');
    const otherSession = await gw.signIn(user.email, 'a-long-password-1');
    const signedOut = await subscribe(gw, gw.wsClient({ cookie: user.cookie }));
    const otherClient = gw.wsClient({ cookie: otherSession });
    const stillIn = await subscribe(gw, otherClient);

    await gw.request('mutation { signOut }', {}, { cookie: user.cookie });
    expect(await signedOut.ended).toMatchObject(sessionEndedClose('Signed out'));
    const outcome = await Promise.race([
      stillIn.ended,
      new Promise((r) => setTimeout(() => r('open'), 300)),
    ]);
    expect(outcome).toBe('open');
    await otherClient.dispose();
    await waitFor(
      () => gw.services.pubsub.listenerCount('activityLogged') === 0,
      'the other subscription to end',
    );
  });

  it("revoking an API token closes the token's sockets", async () => {
    const token = await gw.createApiToken(admin);
    const live = await subscribe(gw, gw.wsClient({ token: token.secret }));
    await gw.request(
      'mutation ($id: ID!) { revokeApiToken(id: $id) { __typename } }',
      { id: token.id },
      { cookie: admin },
    );
    expect(await live.ended).toMatchObject(sessionEndedClose('API token revoked'));
    // A new socket with the revoked token is refused at connection_init.
    expect(
      await firstAnswer(
        gw.wsClient({ token: token.secret }),
        'subscription { activityLogged { id } }',
      ),
    ).toMatchObject({ code: 4403 });
  });

  it('deactivating a user closes all their sockets', async () => {
    const user = await gw.userSession('USER');
    const id = user.id;
    const token = await gw.createApiToken(user.cookie);
    const bySession = await subscribe(gw, gw.wsClient({ cookie: user.cookie }));
    const byToken = await subscribe(gw, gw.wsClient({ token: token.secret }));
    const res = await gw.request(
      'mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }',
      { id },
      { cookie: admin },
    );
    expect(res.data?.deactivateUser.__typename).toBe('User');
    expect(await bySession.ended).toMatchObject(sessionEndedClose('User deactivated'));
    expect(await byToken.ended).toMatchObject(sessionEndedClose('User deactivated'));
  });

  it("signing a user out everywhere closes their sessions' sockets; their API tokens' stay", async () => {
    const user = await gw.userSession('USER');
    const token = await gw.createApiToken(user.cookie);
    const bySession = await subscribe(gw, gw.wsClient({ cookie: user.cookie }));
    const tokenClient = gw.wsClient({ token: token.secret });
    const byToken = await subscribe(gw, tokenClient);
    await gw.request(
      'mutation ($id: ID!) { endUserSessions(id: $id) { __typename } }',
      { id: user.id },
      { cookie: admin },
    );
    expect(await bySession.ended).toMatchObject(sessionEndedClose('Signed out everywhere'));
    expect(
      await Promise.race([byToken.ended, new Promise((r) => setTimeout(() => r('open'), 300))]),
    ).toBe('open');
    await tokenClient.dispose();
    await waitFor(
      () => gw.services.pubsub.listenerCount('activityLogged') === 0,
      'the token subscription to end',
    );
  });

  it('setting the password through a link closes the sockets of the sessions it ends', async () => {
    const user = await gw.userSession('USER');
    const live = await subscribe(gw, gw.wsClient({ cookie: user.cookie }));
    const link = await gw.request(
      'mutation ($id: ID!) { createPasswordLink(userId: $id) { ... on PasswordLink { secret } } }',
      { id: user.id },
      { cookie: admin },
    );
    const secret = (link.data?.createPasswordLink as { secret: string }).secret;
    const set = await gw.request(
      'mutation ($s: String!) { setPasswordWithLink(secret: $s, password: "another-long-password") { __typename } }',
      { s: secret },
    );
    expect(set.data?.setPasswordWithLink.__typename).toBe('PasswordSet');
    expect(await live.ended).toMatchObject(sessionEndedClose('Password set'));
  });

  it("changing a user's role or seat closes their sockets: subscriptions were authorized under the old access", async () => {
    const user = await gw.userSession('ADMIN');
    const live = await subscribe(gw, gw.wsClient({ cookie: user.cookie }));
    await gw.request(
      'mutation ($id: ID!) { updateUser(id: $id, input: { role: USER }) { __typename } }',
      { id: user.id },
      { cookie: admin },
    );
    expect(await live.ended).toMatchObject(sessionEndedClose('Access changed'));
    // The same session reconnects, under its new role.
    expect(
      await firstAnswer(gw.wsClient({ cookie: user.cookie }), '{ viewer { user { role } } }'),
    ).toEqual({ data: { viewer: { user: { role: 'USER' } } } });
  });

  it('a session that expires closes its sockets', async () => {
    const user = await gw.userSession('USER');
    const secret = newSecret('s');
    const now = Date.now();
    await gw.services.db
      .insertInto('sessions')
      .values({
        id: hashSecret(secret),
        user_id: user.id,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + 1500).toISOString(),
      })
      .execute();
    const live = await subscribe(gw, gw.wsClient({ cookie: `${SESSION_COOKIE}=${secret}` }));
    expect(await live.ended).toMatchObject(sessionEndedClose('Session expired'));
  });

  it(`closes a socket that is not signed in ${IDLE_S} s after its last operation`, async () => {
    const socket = rawSocket(gw.url);
    const closed = closeOf(socket);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('message', resolve)); // connection_ack
    socket.send(
      JSON.stringify({
        type: 'subscribe',
        id: '1',
        payload: { query: '{ serverInfo { version } }' },
      }),
    );
    expect(await closed).toEqual({
      code: CLOSE_ANONYMOUS_IDLE,
      reason: 'Sign in to use subscriptions',
    });
  }, 30_000);

  it('caps the sockets one client IP holds', async () => {
    // Clients behind the trusted (loopback) proxy, each counted by its own address.
    const sockets: WebSocket[] = [];
    const connect = (ip: string) => {
      const socket = rawSocket(gw.url, { 'x-forwarded-for': ip });
      sockets.push(socket);
      return new Promise<number | 'open'>((resolve) => {
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('open', () => resolve('open'));
      });
    };
    expect(await Promise.all([1, 2, 3].map(() => connect('198.51.100.30')))).toEqual([
      'open',
      'open',
      'open',
    ]);
    expect(await connect('198.51.100.30')).toBe(429);
    expect(await connect('198.51.100.31')).toBe('open');
    // A closed socket makes room again (once the gateway has seen it close).
    sockets[0]!.close();
    await closeOf(sockets[0]!);
    let again: number | 'open' = 429;
    for (let i = 0; i < 20 && again !== 'open'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await connect('198.51.100.30');
    }
    expect(again).toBe('open');
    for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.close();
  });
});

describeNeeding({ postgres: true, redis: true })(
  'across gateway replicas (PostgreSQL and Redis)',
  () => {
    let database: TestDatabase;
    let a: TestGateway;
    let b: TestGateway;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      const env = {
        REDIS_URL: redisUrl,
        INLET_REDIS_PREFIX: `sessions-${randomUUID().slice(0, 8)}`,
      };
      a = await startTestGateway('postgres', { databaseUrl: database.url, env });
      b = await startTestGateway('postgres', { databaseUrl: database.url, env });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await database?.drop();
    });

    it('signing out on one replica closes the sockets on the others', async () => {
      const cookie = await a.signIn();
      const onB = await subscribe(b, b.wsClient({ cookie }));
      await a.request('mutation { signOut }', {}, { cookie });
      expect(await onB.ended).toMatchObject(sessionEndedClose('Signed out'));
    });
  },
);
