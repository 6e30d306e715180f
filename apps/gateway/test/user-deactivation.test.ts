import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { AuditOfAction, SignIn, ViewerEmail } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { rowCount } from './testkit/rows.js';
import { insertImapConnection } from './testkit/seed.js';

const Deactivate = graphql(`
  mutation DeactivationDeactivate($id: ID!) {
    deactivateUser(id: $id) {
      __typename
      ... on User {
        deactivatedAt
      }
      ... on ValidationFailed {
        fields {
          message
        }
      }
    }
  }
`);

const Reactivate = graphql(`
  mutation DeactivationReactivate($id: ID!) {
    reactivateUser(id: $id) {
      __typename
      ... on User {
        deactivatedAt
      }
    }
  }
`);

const Demote = graphql(`
  mutation DeactivationDemote($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      __typename
    }
  }
`);

const EndSessions = graphql(`
  mutation DeactivationEndSessions($id: ID!) {
    endUserSessions(id: $id) {
      __typename
    }
  }
`);

const password = 'a-long-password-1';

describe.each(engines)('deactivating a user on %s', (engine) => {
  let gw: TestGateway;
  let superAdmin: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    superAdmin = await gw.signIn();
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('ends their sessions and tokens, refuses their sign-in, and stops their connections; reactivating undoes it', async () => {
    const member = await gw.userSession('USER');
    const id = member.id;
    const { secret } = await gw.createApiToken(member.cookie);
    const connection = await insertImapConnection(
      gw.services,
      id,
      'member@deactivation.test',
      'pw',
      1,
      'CONNECTED',
    );
    const remove = vi.spyOn(gw.services.sync, 'remove');
    const ensure = vi.spyOn(gw.services.sync, 'ensure');

    const admin = await gw.userSession('ADMIN');
    const done = await gw.execute(Deactivate, { id }, { cookie: admin.cookie });
    expect(done.data?.deactivateUser).toMatchObject({
      __typename: 'User',
      deactivatedAt: expect.any(String),
    });

    expect((await gw.execute(ViewerEmail, {}, { cookie: member.cookie })).data?.viewer).toBeNull();
    expect(
      (await gw.execute(ViewerEmail, {}, { token: secret })).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
    expect(
      (await gw.execute(SignIn, { email: member.email, password })).data?.signIn,
    ).toMatchObject({
      __typename: 'SignInFailed',
      code: 'DEACTIVATED',
    });
    expect(
      (await gw.execute(SignIn, { email: member.email, password: 'wrong-password-1' })).data
        ?.signIn,
    ).toMatchObject({ __typename: 'SignInFailed', code: 'INVALID_CREDENTIALS' });

    expect(remove).toHaveBeenCalledWith(connection.id);
    const row = await gw.services.db
      .selectFrom('connections')
      .select(['status', 'last_error_json'])
      .where('id', '=', connection.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('DISABLED');
    expect(JSON.parse(row.last_error_json!)).toMatchObject({ code: 'USER_DEACTIVATED' });
    expect(await rowCount(gw.services.db, 'messages', 'connection_id', connection.id)).toBe(0);
    expect(await rowCount(gw.services.db, 'connections', 'id', connection.id)).toBe(1);

    const audit = (
      await gw.execute(AuditOfAction, { action: 'user.deactivate' }, { cookie: superAdmin })
    ).data!.auditLog.edges.map((e) => e.node);
    expect(audit).toEqual([{ targetId: id, after: expect.stringContaining('"deactivatedAt":"') }]);

    const back = await gw.execute(Reactivate, { id }, { cookie: admin.cookie });
    expect(back.data?.reactivateUser).toEqual({ __typename: 'User', deactivatedAt: null });
    expect(ensure).toHaveBeenCalledWith(connection.id);
    expect((await gw.execute(SignIn, { email: member.email, password })).data?.signIn).toEqual({
      __typename: 'Viewer',
    });
    // The old token stays revoked: a reactivated user makes new ones.
    expect(
      (await gw.execute(ViewerEmail, {}, { token: secret })).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('lets only a super admin deactivate a super admin, nobody deactivate themself, and users nobody', async () => {
    const admin = await gw.userSession('ADMIN');
    const otherSuper = await gw.userSession('SUPER_ADMIN');
    const otherSuperId = otherSuper.id;
    const byAdmin = await gw.execute(Deactivate, { id: otherSuperId }, { cookie: admin.cookie });
    expect(byAdmin.data?.deactivateUser).toEqual({
      __typename: 'ValidationFailed',
      fields: [{ message: 'Only a super admin may deactivate or reactivate a super admin.' }],
    });
    const self = await gw.execute(Deactivate, { id: admin.id }, { cookie: admin.cookie });
    expect(self.data?.deactivateUser).toEqual({
      __typename: 'ValidationFailed',
      fields: [{ message: 'You cannot deactivate yourself: ask another admin.' }],
    });
    const user = await gw.userSession('USER');
    const byUser = await gw.execute(Deactivate, { id: otherSuperId }, { cookie: user.cookie });
    expect(byUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A deactivated super admin does not count as one: the last active one keeps the role.
    expect(
      (await gw.execute(Deactivate, { id: otherSuperId }, { cookie: superAdmin })).data
        ?.deactivateUser,
    ).toMatchObject({ __typename: 'User' });
    const me = (
      await gw.services.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'SUPER_ADMIN')
        .where('deactivated_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;
    const demote = await gw.execute(
      Demote,
      { id: me, input: { role: 'ADMIN' } },
      { cookie: superAdmin },
    );
    expect(demote.data?.updateUser).toMatchObject({ __typename: 'ValidationFailed' });
  });

  it('signs a user out everywhere, keeping their API tokens, within the same guards', async () => {
    const member = await gw.userSession('USER');
    const id = member.id;
    const second = await gw.signIn(member.email, password);
    const { secret } = await gw.createApiToken(member.cookie);
    const admin = await gw.userSession('ADMIN');

    expect(
      (await gw.execute(EndSessions, { id }, { cookie: member.cookie })).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await gw.execute(EndSessions, { id }, { cookie: admin.cookie })).data?.endUserSessions
        .__typename,
    ).toBe('User');
    expect((await gw.execute(ViewerEmail, {}, { cookie: member.cookie })).data?.viewer).toBeNull();
    expect((await gw.execute(ViewerEmail, {}, { cookie: second })).data?.viewer).toBeNull();
    expect((await gw.execute(ViewerEmail, {}, { token: secret })).data?.viewer?.user.email).toBe(
      member.email,
    );
    const audit = (
      await gw.execute(AuditOfAction, { action: 'user.endSessions' }, { cookie: superAdmin })
    ).data!.auditLog.edges.map((e) => e.node);
    expect(audit).toEqual([{ targetId: id, after: expect.stringContaining('"sessionsEnded":2') }]);

    const superId = (
      await gw.services.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'SUPER_ADMIN')
        .executeTakeFirstOrThrow()
    ).id;
    expect(
      (await gw.execute(EndSessions, { id: superId }, { cookie: admin.cookie })).data
        ?.endUserSessions.__typename,
    ).toBe('ValidationFailed');
  });
});
