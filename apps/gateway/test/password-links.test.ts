import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { AuditOfAction, SignIn, ViewerEmail } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

const CreateUser = graphql(`
  mutation LinkCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on User {
        id
      }
    }
  }
`);

const CreateLink = graphql(`
  mutation LinkCreate($userId: ID!) {
    createPasswordLink(userId: $userId) {
      __typename
      ... on PasswordLink {
        secret
        expiresAt
        user {
          email
        }
      }
      ... on ValidationFailed {
        fields {
          message
        }
      }
    }
  }
`);

const UseLink = graphql(`
  mutation LinkUse($secret: String!, $password: String!) {
    setPasswordWithLink(secret: $secret, password: $password) {
      __typename
      ... on PasswordSet {
        email
      }
      ... on ValidationFailed {
        fields {
          field
        }
      }
    }
  }
`);

describe.each(engines)('one-time password links on %s', (engine) => {
  let gw: TestGateway;
  let superAdmin: string;
  const secretOf = async (id: string, cookie = superAdmin) => {
    const made = (await gw.execute(CreateLink, { userId: id }, { cookie })).data
      ?.createPasswordLink;
    if (made?.__typename !== 'PasswordLink') throw new Error(`no link: ${JSON.stringify(made)}`);
    return made.secret;
  };

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    superAdmin = await gw.signIn();
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('invites a user without a password: the link sets it once, then they sign in', async () => {
    const created = await gw.execute(
      CreateUser,
      { input: { email: 'invitee@links.test', name: 'Invitee' } },
      { cookie: superAdmin },
    );
    expect(created.data?.createUser.__typename).toBe('User');
    const id = await gw.userId('invitee@links.test');
    expect(
      (await gw.execute(SignIn, { email: 'invitee@links.test', password: 'anything-long-1' })).data
        ?.signIn.__typename,
    ).toBe('SignInFailed');

    const replaced = await secretOf(id);
    const secret = await secretOf(id);
    expect(
      (await gw.execute(UseLink, { secret: replaced, password: 'invitee-password-1' })).data
        ?.setPasswordWithLink,
    ).toEqual({ __typename: 'ValidationFailed', fields: [{ field: 'secret' }] });
    expect(
      (await gw.execute(UseLink, { secret, password: 'short' })).data?.setPasswordWithLink,
    ).toEqual({ __typename: 'ValidationFailed', fields: [{ field: 'password' }] });
    expect(
      (await gw.execute(UseLink, { secret, password: 'invitee-password-1' })).data
        ?.setPasswordWithLink,
    ).toEqual({ __typename: 'PasswordSet', email: 'invitee@links.test' });
    expect(
      (await gw.execute(UseLink, { secret, password: 'another-password-1' })).data
        ?.setPasswordWithLink,
    ).toEqual({ __typename: 'ValidationFailed', fields: [{ field: 'secret' }] });
    expect(
      (await gw.execute(SignIn, { email: 'invitee@links.test', password: 'invitee-password-1' }))
        .data?.signIn.__typename,
    ).toBe('Viewer');

    const audit = (
      await gw.execute(AuditOfAction, { action: 'user.passwordLink' }, { cookie: superAdmin })
    ).data!.auditLog.edges;
    expect(audit).toHaveLength(2);
    for (const { node } of audit) {
      expect(node.after).toContain('invitee@links.test');
      expect(node.after).not.toContain(secret);
      expect(node.after).not.toContain(replaced);
    }
    const stored = await gw.services.db.selectFrom('password_links').select('id').execute();
    expect(stored.map((l) => l.id)).not.toContain(secret);
  });

  it('resets a password: the old sessions end', async () => {
    const member = await gw.userSession('USER');
    const secret = await secretOf(member.id);
    expect(
      (await gw.execute(UseLink, { secret, password: 'a-new-password-1' })).data
        ?.setPasswordWithLink.__typename,
    ).toBe('PasswordSet');
    expect((await gw.execute(ViewerEmail, {}, { cookie: member.cookie })).data?.viewer).toBeNull();
  });

  it('lets admins make links, except for super admins, and users none', async () => {
    const admin = await gw.userSession('ADMIN');
    const member = await gw.userSession('USER');
    await secretOf(member.id, admin.cookie);
    const forSuper = await gw.execute(
      CreateLink,
      { userId: await gw.userId() },
      { cookie: admin.cookie },
    );
    expect(forSuper.data?.createPasswordLink).toEqual({
      __typename: 'ValidationFailed',
      fields: [{ message: 'Only a super admin may make a password link for a super admin.' }],
    });
    const byUser = await gw.execute(CreateLink, { userId: admin.id }, { cookie: member.cookie });
    expect(byUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
