import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/modules/identity/sessions.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

const VIEWER = '{ viewer { user { id name role seat } } }';

/**
 * Sessions verified by one request are reused by the next ones for up to a second
 * (src/modules/identity/session-cache.ts): nothing that ended or changed may be served from there.
 */
describe.each(engines)('the session cache on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = await gw.signIn();
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** The viewer a cookie is, read twice so the second answer can come from the cache. */
  async function viewer(cookie: string) {
    await gw.request(VIEWER, {}, { cookie });
    const res = await gw.request(VIEWER, {}, { cookie });
    expect(res.errors).toBeUndefined();
    return res.data.viewer as { user: { id: string; name: string; role: string } } | null;
  }

  it('refuses a session signed out a moment ago', async () => {
    const { cookie } = await gw.userSession('USER');
    expect(await viewer(cookie)).not.toBeNull();
    const out = await gw.request('mutation { signOut }', {}, { cookie });
    expect(out.data?.signOut).toBe(true);
    expect(await viewer(cookie)).toBeNull();
  });

  it('refuses the sessions of a user deactivated a moment ago', async () => {
    const user = await gw.userSession('USER');
    expect(await viewer(user.cookie)).not.toBeNull();
    const res = await gw.request(
      'mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }',
      { id: user.id },
      { cookie: admin },
    );
    expect(res.data?.deactivateUser.__typename).toBe('User');
    expect(await viewer(user.cookie)).toBeNull();
  });

  it('answers with the role a user was given a moment ago', async () => {
    const user = await gw.userSession('USER');
    expect((await viewer(user.cookie))?.user.role).toBe('USER');
    const res = await gw.request(
      'mutation ($id: ID!) { updateUser(id: $id, input: { role: ADMIN }) { __typename } }',
      { id: user.id },
      { cookie: admin },
    );
    expect(res.data?.updateUser.__typename).toBe('User');
    expect((await viewer(user.cookie))?.user.role).toBe('ADMIN');
  });

  it('forgets a session when another gateway says it ended', async () => {
    const user = await gw.userSession('USER');
    expect(await viewer(user.cookie)).not.toBeNull();
    // Ended by another replica: the row is gone here, the event arrives over the transport.
    const { id } = (await gw.services.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow()) as { id: string };
    await gw.services.db.deleteFrom('sessions').where('id', '=', id).execute();
    gw.services.pubsub.deliver('principalRevoked', { sessionId: id, reason: 'Signed out' });
    expect(await viewer(user.cookie)).toBeNull();
  });

  it('does not keep a read that was under way when its session ended', async () => {
    const user = await gw.userSession('USER');
    const secret = user.cookie.slice(`${SESSION_COOKIE}=`.length);
    const { sessions, db } = gw.services;
    const reading = sessions.find(db, secret);
    const { id } = await db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    sessions.forget({ sessionId: id, reason: 'Signed out' });
    expect(await reading).toBeDefined();
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    expect(await sessions.find(db, secret)).toBeUndefined();
  });

  it('answers from the cache only what the database said within the last second', async () => {
    const user = await gw.userSession('USER');
    const secret = user.cookie.slice(`${SESSION_COOKIE}=`.length);
    const { sessions, db } = gw.services;
    const first = await sessions.find(db, secret);
    expect(await sessions.find(db, secret)).toBe(first);
    expect(Object.isFrozen(first?.user)).toBe(true);
  });
});
