import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/modules/identity/secret-token.js';
import { graphql } from './gql/index.js';
import { firstAnswer } from './testkit/client.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { sessionEndedClose, subscribeTo } from './testkit/subscriptions.js';
import { waitFor } from './testkit/wait.js';

// My account (issue 14): a user changes their own name and password, lists and ends their own
// sessions; the console learns of changes to its viewer live (viewerChanged).

const PASSWORD = 'a-long-password-1';

const MySessions = graphql(`
  query MyAccountSessions {
    mySessions {
      id
      userAgent
      createdAt
      lastUsedAt
      current
    }
  }
`);

const Me = graphql(`
  query MyAccountMe {
    viewer {
      user {
        name
      }
    }
  }
`);

const UpdateProfile = graphql(`
  mutation MyAccountUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      __typename
      ... on User {
        name
      }
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

const ChangePassword = graphql(`
  mutation MyAccountChangePassword($current: String!, $next: String!) {
    changePassword(currentPassword: $current, newPassword: $next) {
      __typename
      ... on PasswordChanged {
        sessionsEnded
      }
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

const RevokeSession = graphql(`
  mutation MyAccountRevokeSession($id: ID!) {
    revokeSession(id: $id) {
      __typename
    }
  }
`);

const SignOutElsewhere = graphql(`
  mutation MyAccountSignOutElsewhere {
    signOutElsewhere {
      sessionsEnded
    }
  }
`);

const ViewerChanged = graphql(`
  subscription MyAccountViewerChanged {
    viewerChanged {
      user {
        name
        seat
      }
    }
  }
`);

const Audit = graphql(`
  query MyAccountAudit($action: String) {
    auditLog(action: $action) {
      edges {
        node {
          action
          after
        }
      }
    }
  }
`);

/** Signs in with a given User-Agent header; returns the cookie. */
async function signInAs(gw: TestGateway, email: string, password: string, userAgent: string) {
  const res = await gw.request(
    'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }',
    { e: email, p: password },
    { headers: { 'user-agent': userAgent } },
  );
  expect(res.data?.signIn.__typename).toBe('Viewer');
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * A live viewerChanged subscription on a socket of its own, once the gateway listens for it;
 * `ended` resolves with the close event (or errors) when it ends.
 */
async function liveSocket(gw: TestGateway, cookie: string): Promise<{ ended: Promise<unknown> }> {
  const client = gw.wsClient({ cookie });
  const before = gw.services.pubsub.listenerCount('viewerChanged');
  const ended = new Promise((resolve) =>
    client.subscribe(
      { query: 'subscription { viewerChanged { user { id } } }' },
      { next: () => undefined, error: resolve, complete: () => resolve('complete') },
    ),
  );
  await waitFor(
    () => gw.services.pubsub.listenerCount('viewerChanged') > before,
    'the subscription to listen',
  );
  return { ended };
}

const afterOf = (edges: readonly { node: { after?: string | null } }[]) =>
  edges.map((e) => (e.node.after ? (JSON.parse(e.node.after) as unknown) : null));

async function viewerName(gw: TestGateway, cookie: string): Promise<string | null> {
  return (await gw.execute(Me, {}, { cookie })).data?.viewer?.user.name ?? null;
}

describe.each(engines)('my account on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    // A small sign-in budget, so the limit test needs few (slow, scrypt) wrong passwords.
    gw = await startTestGateway(engine, { env: { INLET_SIGNIN_ATTEMPTS_PER_ACCOUNT: '4' } });
    admin = await gw.signIn();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists only my own live sessions, with their browser and last use, the current one marked', async () => {
    const user = await gw.userSession('USER');
    const laptop = await signInAs(gw, user.email, PASSWORD, 'Laptop/1.0');
    const phone = await signInAs(gw, user.email, PASSWORD, 'Phone/2.0');
    await gw.execute(Me, {}, { cookie: phone });

    const res = await gw.execute(MySessions, {}, { cookie: laptop });
    const sessions = res.data!.mySessions;
    // userSession's own sign-in, the laptop and the phone; not the admin's.
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Laptop/1.0']);
    const phoneSession = sessions.find((s) => s.userAgent === 'Phone/2.0')!;
    expect(phoneSession.lastUsedAt).not.toBeNull();
    // The API id is neither the cookie nor its stored hash.
    const stored = await gw.services.db.selectFrom('sessions').select('id').execute();
    for (const session of sessions) {
      expect(stored.map((s) => s.id)).not.toContain(session.id);
      expect(session.id).not.toBe(hashSecret(phone.split('=')[1]!));
    }
    // Over graphql-ws, under the same guard: not signed in, no sessions.
    expect(await firstAnswer(gw.wsClient(), '{ mySessions { id } }')).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('revokes one of my sessions (its socket closes), but never another user’s', async () => {
    const user = await gw.userSession('USER');
    const other = await signInAs(gw, user.email, PASSWORD, 'Other/1.0');
    const { ended } = await liveSocket(gw, other);
    const mine = (await gw.execute(MySessions, {}, { cookie: user.cookie })).data!.mySessions;
    const target = mine.find((s) => s.userAgent === 'Other/1.0')!;

    // The admin cannot end it through revokeSession: it is not theirs.
    expect(
      (await gw.execute(RevokeSession, { id: target.id }, { cookie: admin })).data?.revokeSession
        .__typename,
    ).toBe('NotFound');
    expect(await viewerName(gw, other)).toBe(user.email);

    expect(
      (await gw.execute(RevokeSession, { id: target.id }, { cookie: user.cookie })).data
        ?.revokeSession.__typename,
    ).toBe('Session');
    expect(await ended).toMatchObject(sessionEndedClose('Session revoked'));
    expect(await viewerName(gw, other)).toBeNull();
    expect(await viewerName(gw, user.cookie)).toBe(user.email);
  });

  it('signs me out elsewhere: other sessions end, this one stays', async () => {
    const user = await gw.userSession('USER');
    const other = await signInAs(gw, user.email, PASSWORD, 'Other/1.0');
    const { ended } = await liveSocket(gw, other);
    const res = await gw.execute(SignOutElsewhere, {}, { cookie: user.cookie });
    expect(res.data?.signOutElsewhere.sessionsEnded).toBe(1);
    expect(await ended).toMatchObject(sessionEndedClose('Signed out elsewhere'));
    expect(await viewerName(gw, other)).toBeNull();
    expect(await viewerName(gw, user.cookie)).toBe(user.email);
  });

  it('changes my name, and my open consoles hear of it', async () => {
    const user = await gw.userSession('USER');
    const live = subscribeTo(gw.wsClient({ cookie: user.cookie }), ViewerChanged, {});
    // The viewer as it is now comes first.
    await waitFor(() => live.events.length === 1, 'the current viewer');
    expect(live.events[0]!.viewerChanged.user).toEqual({ name: user.email, seat: 'FULL' });

    const refused = await gw.execute(UpdateProfile, { input: { name: '  ' } }, user);
    expect(refused.data?.updateProfile).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'name' }],
    });
    const renamed = await gw.execute(UpdateProfile, { input: { name: ' Ada Lovelace ' } }, user);
    expect(renamed.data?.updateProfile).toEqual({ __typename: 'User', name: 'Ada Lovelace' });
    await waitFor(() => live.events.length === 2, 'the rename to be pushed');
    expect(live.events[1]!.viewerChanged.user.name).toBe('Ada Lovelace');
    live.stop();

    const audit = await gw.execute(Audit, { action: 'user.updateProfile' }, { cookie: admin });
    expect(afterOf(audit.data!.auditLog.edges)).toContainEqual(
      expect.objectContaining({ email: user.email, name: 'Ada Lovelace' }),
    );
  });

  it('changes my password with the current one: other sessions end, this one stays, the new one signs in', async () => {
    const user = await gw.userSession('USER');
    const other = await signInAs(gw, user.email, PASSWORD, 'Other/1.0');
    const { ended } = await liveSocket(gw, other);
    const { ended: stays } = await liveSocket(gw, user.cookie);

    const wrong = await gw.execute(
      ChangePassword,
      { current: 'not-my-password', next: 'new-long-password-2' },
      user,
    );
    expect(wrong.data?.changePassword).toEqual({
      __typename: 'ValidationFailed',
      fields: [{ field: 'currentPassword', message: 'This is not your current password.' }],
    });
    const short = await gw.execute(ChangePassword, { current: PASSWORD, next: 'short' }, user);
    expect(short.data?.changePassword).toMatchObject({ fields: [{ field: 'newPassword' }] });
    expect(await viewerName(gw, other)).toBe(user.email);

    const changed = await gw.execute(
      ChangePassword,
      { current: PASSWORD, next: 'new-long-password-2' },
      user,
    );
    expect(changed.data?.changePassword).toEqual({
      __typename: 'PasswordChanged',
      sessionsEnded: 1,
    });
    expect(await ended).toMatchObject(sessionEndedClose('Password changed'));
    expect(await viewerName(gw, other)).toBeNull();
    expect(await viewerName(gw, user.cookie)).toBe(user.email);
    const outcome = await Promise.race([
      stays,
      new Promise((r) => setTimeout(() => r('open'), 300)),
    ]);
    expect(outcome).toBe('open');
    await expect(gw.signIn(user.email, PASSWORD)).rejects.toThrow(/INVALID_CREDENTIALS/);
    await gw.signIn(user.email, 'new-long-password-2');

    const audit = await gw.execute(Audit, { action: 'user.changePassword' }, { cookie: admin });
    const entries = afterOf(audit.data!.auditLog.edges);
    expect(entries).toContainEqual({ email: user.email, sessionsEnded: 1 });
    expect(JSON.stringify(entries)).not.toContain('new-long-password-2');
    const failed = await gw.execute(
      Audit,
      { action: 'user.changePassword.failed' },
      { cookie: admin },
    );
    expect(afterOf(failed.data!.auditLog.edges)).toContainEqual({
      email: user.email,
      reason: 'WRONG_CURRENT_PASSWORD',
    });
  });

  it('counts wrong current passwords against the account’s sign-in limit, on HTTP and graphql-ws alike', async () => {
    const user = await gw.userSession('USER');
    const ws = gw.wsClient({ cookie: user.cookie });
    const attempt = (n: number) =>
      n % 2 === 0
        ? gw.execute(ChangePassword, { current: `wrong-${n}`, next: 'new-long-password-2' }, user)
        : firstAnswer(
            ws,
            'mutation ($c: String!) { changePassword(currentPassword: $c, newPassword: "new-long-password-2") { ... on ValidationFailed { fields { message } } } }',
            { c: `wrong-${n}` },
          );
    // INLET_SIGNIN_ATTEMPTS_PER_ACCOUNT failures per account per 15 minutes (4 here).
    for (let n = 0; n < 4; n++) await attempt(n);
    const refused = await gw.execute(
      ChangePassword,
      { current: PASSWORD, next: 'new-long-password-2' },
      user,
    );
    expect(refused.data?.changePassword).toMatchObject({
      fields: [{ field: 'currentPassword', message: expect.stringContaining('Too many') }],
    });
    // Signing in is refused too: it is the same budget.
    await expect(gw.signIn(user.email, PASSWORD)).rejects.toThrow(/RATE_LIMITED/);
  });

  it('a seat change reaches viewerChanged after the socket closes for the new access', async () => {
    const user = await gw.userSession('USER');
    const { ended } = await liveSocket(gw, user.cookie);
    const id = user.id;
    await gw.request(
      'mutation ($id: ID!) { updateUser(id: $id, input: { seat: VIEW_ONLY }) { __typename } }',
      { id },
      { cookie: admin },
    );
    expect(await ended).toMatchObject(sessionEndedClose('Access changed'));
    // Reconnected: the first event is the viewer under the new seat.
    const live = subscribeTo(gw.wsClient({ cookie: user.cookie }), ViewerChanged, {});
    await waitFor(() => live.events.length === 1, 'the current viewer');
    expect(live.events[0]!.viewerChanged.user.seat).toBe('VIEW_ONLY');
    live.stop();
  });

  it('refuses read-only API tokens on every my-account mutation', async () => {
    const created = await gw.request(
      'mutation { createApiToken(input: { name: "reader", scope: READ }) { ... on ApiTokenCreated { secret } } }',
      {},
      { cookie: admin },
    );
    const token = (created.data?.createApiToken as { secret: string }).secret;
    const res = await gw.execute(SignOutElsewhere, {}, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('READ_ONLY_TOKEN');
    expect(
      await firstAnswer(gw.wsClient({ token }), 'mutation { signOutElsewhere { sessionsEnded } }'),
    ).toMatchObject([{ extensions: { code: 'READ_ONLY_TOKEN' } }]);
    // And read the token owner's sessions: none from a token, and none marked current.
    const sessions = await gw.execute(MySessions, {}, { token });
    expect(sessions.data?.mySessions.every((s) => !s.current)).toBe(true);
  });
});
