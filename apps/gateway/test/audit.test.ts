import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { AuditTestQuery } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { SignIn } from './testkit/documents.js';
import { ADMIN, startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertImapConnection } from './testkit/seed.js';

const Audit = graphql(`
  query AuditTest(
    $targetType: String
    $targetId: String
    $action: String
    $actorId: ID
    $since: DateTime
    $until: DateTime
    $first: Int
    $after: String
  ) {
    auditLog(
      targetType: $targetType
      targetId: $targetId
      action: $action
      actorId: $actorId
      since: $since
      until: $until
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          at
          action
          targetType
          targetId
          actor {
            email
          }
          before
          after
          count
          lastAt
        }
      }
    }
  }
`);

const RevokeToken = graphql(`
  mutation AuditRevokeToken($id: ID!) {
    revokeApiToken(id: $id) {
      __typename
    }
  }
`);

const UpdateUser = graphql(`
  mutation AuditUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      __typename
      ... on User {
        role
        seat
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

const CheckNow = graphql(`
  mutation AuditCheckNow($id: ID!) {
    checkConnectionNow(id: $id) {
      __typename
    }
  }
`);

const Resync = graphql(`
  mutation AuditResync($id: ID!, $from: DateTime!) {
    resyncConnection(id: $id, from: $from) {
      __typename
    }
  }
`);

describe.each(engines)('the audit log on %s', (engine) => {
  let gw: TestGateway;
  let superAdmin: string;
  let admin: { cookie: string; email: string; id: string };
  const entries = async (filter: {
    targetType?: string;
    targetId?: string;
    action?: string;
    actorId?: string;
    since?: string;
    until?: string;
  }) =>
    (
      await gw.execute(Audit, { ...filter, first: 200 }, { cookie: superAdmin })
    ).data!.auditLog.edges.map((e) => e.node);

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    superAdmin = await gw.signIn();
    admin = await gw.userSession('ADMIN');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('records API token creation and revocation, never the secret', async () => {
    const token = await gw.createApiToken(admin.cookie, { name: 'CRM sync', scope: 'READ' });
    const { secret } = token;
    // An admin revokes it twice: the second changes nothing and records nothing.
    await gw.execute(RevokeToken, { id: token.id }, { cookie: superAdmin });
    await gw.execute(RevokeToken, { id: token.id }, { cookie: superAdmin });

    const log = await entries({ targetType: 'ApiToken', targetId: token.id });
    expect(log.map((e) => [e.action, e.actor?.email])).toEqual([
      ['apiToken.revoke', ADMIN.email],
      ['apiToken.create', admin.email],
    ]);
    expect(JSON.parse(log[1]!.after!)).toMatchObject({
      name: 'CRM sync',
      scope: 'READ',
      revoked_at: null,
    });
    expect(JSON.parse(log[0]!.after!).revoked_at).toEqual(expect.any(String));
    const text = JSON.stringify(log);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('token_hash');
  });

  it('records sign-ins, successful and failed, with the address and IP but never the password', async () => {
    const { email, id } = await gw.userSession('USER');
    expect(
      (await gw.execute(SignIn, { email, password: 'not-the-password-9' })).data?.signIn.__typename,
    ).toBe('SignInFailed');
    expect(
      (await gw.execute(SignIn, { email: 'Nobody@Example.com', password: 'guessing-password-1' }))
        .data?.signIn.__typename,
    ).toBe('SignInFailed');

    const forUser = await entries({ targetType: 'User', targetId: id });
    // userSession signed in once, successfully; then one failure.
    expect(forUser.map((e) => [e.action, e.actor?.email ?? null])).toEqual([
      ['signIn.failed', null],
      ['signIn.succeeded', email],
    ]);
    expect(JSON.parse(forUser[0]!.after!)).toEqual({
      email,
      clientIp: expect.any(String),
      reason: 'INVALID_CREDENTIALS',
    });
    const unknown = await entries({ targetType: 'Email', targetId: 'nobody@example.com' });
    expect(unknown.map((e) => e.action)).toEqual(['signIn.failed']);
    const everything = JSON.stringify(await entries({}));
    expect(everything).not.toContain('not-the-password-9');
    expect(everything).not.toContain('guessing-password-1');
    expect(everything).not.toContain('a-long-password-1');
  });

  it('records role and seat changes, within what each role may change', async () => {
    const { email, id } = await gw.userSession('USER');
    const update = (
      cookie: string,
      target: string,
      input: { role?: 'USER' | 'ADMIN' | 'SUPER_ADMIN'; seat?: 'FULL' | 'VIEW_ONLY' },
    ) => gw.execute(UpdateUser, { id: target, input }, { cookie }).then((r) => r.data?.updateUser);

    expect(await update(admin.cookie, id, { seat: 'VIEW_ONLY' })).toEqual({
      __typename: 'User',
      role: 'USER',
      seat: 'VIEW_ONLY',
    });
    expect(await update(admin.cookie, id, { role: 'SUPER_ADMIN' })).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'role' }],
    });
    expect(await update(admin.cookie, await gw.userId(), { seat: 'VIEW_ONLY' })).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'seat' }],
    });
    expect(await update(superAdmin, await gw.userId(), { role: 'ADMIN' })).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'role', message: expect.stringContaining('at least one super admin') }],
    });
    expect(await update(superAdmin, id, { role: 'ADMIN', seat: 'FULL' })).toEqual({
      __typename: 'User',
      role: 'ADMIN',
      seat: 'FULL',
    });
    const { cookie: userCookie } = await gw.userSession('USER');
    expect(
      (await gw.execute(UpdateUser, { id, input: { role: 'USER' } }, { cookie: userCookie }))
        .errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    const log = await entries({ targetType: 'User', targetId: id, action: 'user.update' });
    expect(log.map((e) => [e.actor?.email, JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      [
        ADMIN.email,
        { email, role: 'USER', seat: 'VIEW_ONLY' },
        { email, role: 'ADMIN', seat: 'FULL' },
      ],
      [
        admin.email,
        { email, role: 'USER', seat: 'FULL' },
        { email, role: 'USER', seat: 'VIEW_ONLY' },
      ],
    ]);
  });

  it('counts repeated resyncs and checks of one connection by one actor on one entry', async () => {
    const owner = admin.id;
    const { id } = await insertImapConnection(
      gw.services,
      owner,
      'repeat@audit.test',
      'pw',
      1,
      'ERROR',
    );
    for (let i = 0; i < 3; i++) await gw.execute(CheckNow, { id }, { cookie: admin.cookie });
    await gw.execute(Resync, { id, from: '2026-01-01T00:00:00.000Z' }, { cookie: admin.cookie });
    await gw.execute(Resync, { id, from: '2026-02-01T00:00:00.000Z' }, { cookie: admin.cookie });
    await gw.execute(CheckNow, { id }, { cookie: superAdmin });

    const log = await entries({ targetType: 'Connection', targetId: id });
    const summary = log.map((e) => [e.action, e.actor?.email, e.count]);
    expect(summary).toHaveLength(3);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['connection.checkNow', ADMIN.email, 1],
        ['connection.checkNow', admin.email, 3],
        ['connection.resync', admin.email, 2],
      ]),
    );
    const resync = log.find((e) => e.action === 'connection.resync')!;
    expect(JSON.parse(resync.after!)).toEqual({ from: '2026-02-01T00:00:00.000Z' });
    expect(Date.parse(resync.lastAt!)).toBeGreaterThanOrEqual(Date.parse(resync.at));
    expect(log.find((e) => e.actor?.email === ADMIN.email)?.lastAt).toBeNull();
  });

  it('pages with a cursor, newest first, without gaps or repeats', async () => {
    const all = await entries({});
    expect(all.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: AuditTestQuery['auditLog'] = (
        await gw.execute(Audit, { first: 2, after }, { cookie: superAdmin })
      ).data!.auditLog;
      expect(res.totalCount).toBe(all.length);
      seen.push(...res.edges.map((e) => e.node.id));
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.id));
    // Filters still narrow it, as before paging existed.
    expect(
      (await entries({ targetType: 'ApiToken' })).every((e) => e.targetType === 'ApiToken'),
    ).toBe(true);
    // By actor and by time.
    const adminId = admin.id;
    const byAdmin = await entries({ actorId: adminId });
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((e) => e.actor?.email === admin.email)).toBe(true);
    const middle = all[Math.floor(all.length / 2)]!.at;
    const newer = await entries({ since: middle });
    const older = await entries({ until: middle });
    expect(newer.every((e) => e.at >= middle) && older.every((e) => e.at < middle)).toBe(true);
    expect(newer.length + older.length).toBe(all.length);
    expect(
      (await gw.execute(Audit, { since: 'yesterday' }, { cookie: superAdmin })).errors?.[0]
        ?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    // Only admins read it.
    const { cookie } = await gw.userSession('USER');
    expect((await gw.execute(Audit, {}, { cookie })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});
