import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertBenchUser, insertImapConnection } from './testkit/seed.js';
import { ConnectImap } from './testkit/documents.js';

const TAKEN = 'taken@acme.test';
const input = {
  email: TAKEN,
  password: 'x',
  imapHost: 'imap.acme.test',
  imapPort: 993,
  imapSecurity: 'SSL_TLS' as const,
  smtpHost: 'smtp.acme.test',
  smtpPort: 465,
  smtpSecurity: 'SSL_TLS' as const,
};

describe.each(engines)('an address connected by someone else, on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = await gw.signIn();
    const owner = await insertBenchUser(gw.services, 'owner.person@acme.test');
    await insertImapConnection(gw.services, owner, TAKEN, 'pw', 993, 'ERROR');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('is named to admins only, and probing it is rate limited like a connection check', async () => {
    const user = await gw.userSession('USER');
    const asUser = await gw.execute(ConnectImap, { input }, { cookie: user.cookie });
    expect(asUser.data?.connectImap).toMatchObject({
      __typename: 'ConnectRefused',
      code: 'ALREADY_CONNECTED',
    });
    expect(JSON.stringify(asUser.data)).not.toContain('owner.person');

    const asAdmin = await gw.execute(ConnectImap, { input }, { cookie: admin });
    expect(asAdmin.data?.connectImap).toMatchObject({
      __typename: 'ConnectRefused',
      code: 'ALREADY_CONNECTED',
      message: expect.stringContaining('owner.person@acme.test'),
    });

    const codes: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await gw.execute(ConnectImap, { input }, { cookie: user.cookie });
      codes.push((res.data?.connectImap as { code: string }).code);
    }
    expect(codes).toContain('RATE_LIMITED');
  });
});
