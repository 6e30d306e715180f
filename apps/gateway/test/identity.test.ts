import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { SignIn } from './testkit/documents.js';
import { ADMIN, startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertImapConnection } from './testkit/seed.js';

const Viewer = graphql(`
  query IdentityViewer {
    viewer {
      authMethod
      tokenScope
      canManageWorkspace
      user {
        email
        role
        seat
      }
    }
  }
`);

const SignOut = graphql(`
  mutation IdentitySignOut {
    signOut
  }
`);

const CreateToken = graphql(`
  mutation IdentityCreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on ApiTokenCreated {
        secret
        token {
          id
          prefix
          scope
        }
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

const RevokeToken = graphql(`
  mutation IdentityRevokeToken($id: ID!) {
    revokeApiToken(id: $id) {
      __typename
      ... on ApiToken {
        revokedAt
      }
    }
  }
`);

const Tokens = graphql(`
  query IdentityTokens {
    apiTokens {
      id
      name
      prefix
      lastUsedAt
    }
  }
`);

const UserConnectionCounts = graphql(`
  query IdentityUserConnectionCounts {
    users {
      email
      connectionCount
    }
    viewer {
      user {
        connectionCount
      }
    }
  }
`);

const OwnConnectionCount = graphql(`
  query IdentityOwnConnectionCount {
    viewer {
      user {
        connectionCount
      }
    }
  }
`);

const CreateUser = graphql(`
  mutation IdentityCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on User {
        email
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

describe.each(engines)('identity on %s', (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('creates the first super admin from the environment and signs in with an HttpOnly cookie', async () => {
    const res = await gw.execute(SignIn, {
      email: ADMIN.email.toUpperCase(),
      password: ADMIN.password,
    });
    expect(res.data?.signIn.__typename).toBe('Viewer');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^inlet_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const me = await gw.execute(Viewer, {}, { cookie: setCookie.split(';')[0] });
    expect(me.data?.viewer).toEqual({
      authMethod: 'SESSION',
      tokenScope: null,
      canManageWorkspace: true,
      user: { email: ADMIN.email, role: 'SUPER_ADMIN', seat: 'FULL' },
    });
  });

  it('stores the password as a slow salted hash, never in clear', async () => {
    const row = await gw.services.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', ADMIN.email)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(ADMIN.password);
  });

  it('refuses a wrong password with the same answer as an unknown email', async () => {
    const wrong = await gw.execute(SignIn, { email: ADMIN.email, password: 'not-the-password' });
    const unknown = await gw.execute(SignIn, {
      email: 'nobody@example.com',
      password: 'not-the-password',
    });
    expect(wrong.data?.signIn).toEqual(unknown.data?.signIn);
    expect(wrong.data?.signIn).toMatchObject({
      __typename: 'SignInFailed',
      code: 'INVALID_CREDENTIALS',
    });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('answers null for the viewer when signed out, and UNAUTHENTICATED for protected fields', async () => {
    expect((await gw.execute(Viewer, {})).data?.viewer).toBeNull();
    const res = await gw.execute(Tokens, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ends the session on sign-out', async () => {
    const cookie = await gw.signIn();
    await gw.execute(SignOut, {}, { cookie });
    expect((await gw.execute(Viewer, {}, { cookie })).data?.viewer).toBeNull();
  });

  it('rate-limits repeated sign-in attempts for one address', async () => {
    const email = 'victim@example.com';
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await gw.execute(SignIn, { email, password: `guess-${i}` });
      if (res.data?.signIn.__typename === 'SignInFailed') codes.push(res.data.signIn.code);
    }
    expect(codes.slice(0, 10).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes[10]).toBe('RATE_LIMITED');
  });

  describe('API tokens', () => {
    it('shows the secret once, stores only a hash, and authenticates with Bearer', async () => {
      const cookie = await gw.signIn();
      const created = await gw.execute(
        CreateToken,
        { input: { name: 'CRM importer', scope: 'READ_WRITE' } },
        { cookie },
      );
      if (created.data?.createApiToken.__typename !== 'ApiTokenCreated')
        throw new Error('token not created');
      const { secret, token } = created.data.createApiToken;
      expect(secret.startsWith(token.prefix)).toBe(true);

      const stored = await gw.services.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(secret);

      const me = await gw.execute(Viewer, {}, { token: secret });
      expect(me.data?.viewer).toMatchObject({
        authMethod: 'API_TOKEN',
        tokenScope: 'READ_WRITE',
        user: { email: ADMIN.email },
      });
      const list = await gw.execute(Tokens, {}, { cookie });
      expect(list.data?.apiTokens.find((t) => t.id === token.id)?.lastUsedAt).toBeTruthy();
      expect(JSON.stringify(list.data)).not.toContain(secret);
    });

    it('lets a read-only token query but not mutate, over HTTP', async () => {
      const cookie = await gw.signIn();
      const created = await gw.execute(
        CreateToken,
        { input: { name: 'dashboard', scope: 'READ' } },
        { cookie },
      );
      if (created.data?.createApiToken.__typename !== 'ApiTokenCreated')
        throw new Error('token not created');
      const { secret } = created.data.createApiToken;

      expect((await gw.execute(Viewer, {}, { token: secret })).data?.viewer?.tokenScope).toBe(
        'READ',
      );
      const mutation = await gw.execute(
        CreateToken,
        { input: { name: 'escalate', scope: 'READ_WRITE' } },
        { token: secret },
      );
      expect(mutation.errors?.[0]?.extensions?.code).toBe('READ_ONLY_TOKEN');
      expect(mutation.data ?? null).toBeNull();
      const names = (await gw.execute(Tokens, {}, { cookie })).data?.apiTokens.map((t) => t.name);
      expect(names).not.toContain('escalate');
    });

    it('refuses a revoked or unknown token', async () => {
      const cookie = await gw.signIn();
      const created = await gw.execute(
        CreateToken,
        { input: { name: 'short-lived', scope: 'READ' } },
        { cookie },
      );
      if (created.data?.createApiToken.__typename !== 'ApiTokenCreated')
        throw new Error('token not created');
      const revoked = await gw.execute(
        RevokeToken,
        { id: created.data.createApiToken.token.id },
        { cookie },
      );
      expect(revoked.data?.revokeApiToken).toMatchObject({
        __typename: 'ApiToken',
        revokedAt: expect.any(String),
      });

      // Refused with 401 (not a server error), the reason and the code.
      const res = await gw.execute(Viewer, {}, { token: created.data.createApiToken.secret });
      expect(res.status).toBe(401);
      expect(res.errors?.[0]).toMatchObject({
        message: 'The API token is unknown or has been revoked.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const unknown = await gw.execute(Viewer, {}, { token: 'inlet_made-up' });
      expect(unknown.status).toBe(401);
      expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('validates the token name', async () => {
      const cookie = await gw.signIn();
      const res = await gw.execute(
        CreateToken,
        { input: { name: '  ', scope: 'READ' } },
        { cookie },
      );
      expect(res.data?.createApiToken).toMatchObject({
        __typename: 'ValidationFailed',
        fields: [{ field: 'name' }],
      });
    });
  });

  describe('users', () => {
    it('lets only a super admin create users, with field errors', async () => {
      const admin = await gw.userSession('ADMIN');
      const forbidden = await gw.execute(
        CreateUser,
        { input: { email: 'x@example.com', name: 'X', password: 'long-enough-1' } },
        { cookie: admin.cookie },
      );
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const cookie = await gw.signIn();
      const invalid = await gw.execute(
        CreateUser,
        { input: { email: 'not-an-email', name: '', password: 'short' } },
        { cookie },
      );
      expect(invalid.data?.createUser).toMatchObject({ __typename: 'ValidationFailed' });
      if (invalid.data?.createUser.__typename === 'ValidationFailed') {
        expect(invalid.data.createUser.fields.map((f) => f.field).sort()).toEqual([
          'email',
          'name',
          'password',
        ]);
      }
      const ok = await gw.execute(
        CreateUser,
        {
          input: {
            email: 'Viewer@Example.com',
            name: 'Vera',
            password: 'long-enough-1',
            seat: 'VIEW_ONLY',
          },
        },
        { cookie },
      );
      expect(ok.data?.createUser).toEqual({
        __typename: 'User',
        email: 'viewer@example.com',
        role: 'USER',
        seat: 'VIEW_ONLY',
      });
      const dup = await gw.execute(
        CreateUser,
        { input: { email: 'viewer@example.com', name: 'V', password: 'long-enough-1' } },
        { cookie },
      );
      expect(dup.data?.createUser).toMatchObject({
        __typename: 'ValidationFailed',
        fields: [{ field: 'email' }],
      });
    });

    it("counts each user's connected inboxes for admins, and for the user themself", async () => {
      const member = await gw.userSession('USER');
      const memberId = member.id;
      await insertImapConnection(gw.services, memberId, 'one@count.test', 'pw', 1);
      await insertImapConnection(gw.services, memberId, 'two@count.test', 'pw', 1);

      const admin = await gw.userSession('ADMIN');
      const listed = await gw.execute(UserConnectionCounts, {}, { cookie: admin.cookie });
      expect(listed.errors).toBeUndefined();
      const counts = new Map(listed.data!.users.map((u) => [u.email, u.connectionCount]));
      expect(counts.get(member.email)).toBe(2);
      expect(counts.get(admin.email)).toBe(0);

      const own = await gw.execute(OwnConnectionCount, {}, { cookie: member.cookie });
      expect(own.data?.viewer?.user.connectionCount).toBe(2);
    });
  });
});
