import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from './testkit/client.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { captureLogs } from './testkit/logs.js';
import { redisUrl } from './testkit/redis.js';
import { describeNeeding } from './testkit/requirements.js';

const SignIn =
  'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { __typename ... on SignInFailed { code } } }';

/** Signs in as if from `clientIp`: the test client is on loopback, a trusted proxy hop, so X-Forwarded-For names the client. */
async function signInFrom(
  gw: TestGateway,
  clientIp: string,
  email: string,
  password: string,
): Promise<string> {
  const res = await gw.request(
    SignIn,
    { email, password },
    { headers: { 'x-forwarded-for': clientIp } },
  );
  return res.data?.signIn.code ?? res.data?.signIn.__typename ?? JSON.stringify(res);
}

describe('sign-in throttling', () => {
  const logs = captureLogs();
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite', {
      logger: logs.logger,
      env: { INLET_SIGNIN_ATTEMPTS_PER_ACCOUNT: '3', INLET_SIGNIN_ATTEMPTS_PER_IP: '3' },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('per account, across client IPs: guesses spread over many addresses still stop', async () => {
    const { email } = await gw.userSession('USER');
    const outcomes = [];
    for (let i = 1; i <= 4; i++)
      outcomes.push(await signInFrom(gw, `198.51.100.${i}`, email, `wrong-guess-${i}`));
    expect(outcomes).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
    // Even the right password, from yet another address, waits out the window.
    expect(await signInFrom(gw, '198.51.100.99', email, 'a-long-password-1')).toBe('RATE_LIMITED');

    const entries = logs.entries();
    expect(
      entries.filter((e) => e.msg === 'sign-in failed' && e.email === email).map((e) => e.clientIp),
    ).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
    expect(entries.filter((e) => e.msg === 'rate limit reached' && e.email === email)).toEqual([
      expect.objectContaining({ limit: 'signInPerAccount', level: 40 }),
    ]);
    expect(logs.text()).not.toMatch(/wrong-guess|a-long-password/);
  });

  it('per client IP, across accounts: one address cannot try a list of accounts; successes do not count', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 4; i++)
      expect(await signInFrom(gw, ip, ADMIN.email, ADMIN.password)).toBe('Viewer');
    const outcomes = [];
    for (const name of ['ann', 'bob', 'cid', 'dee'])
      outcomes.push(await signInFrom(gw, ip, `${name}@stuffing.test`, 'password123'));
    expect(outcomes).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
    expect(await signInFrom(gw, ip, ADMIN.email, ADMIN.password)).toBe('RATE_LIMITED');
    // Other addresses are not affected.
    expect(await signInFrom(gw, '203.0.113.8', ADMIN.email, ADMIN.password)).toBe('Viewer');
    expect(
      logs.entries().filter((e) => e.msg === 'rate limit reached' && e.clientIp === ip),
    ).toEqual([expect.objectContaining({ limit: 'signInPerIp' })]);
  });
});

describe('provider detection', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite', { env: { INLET_ISPDB_URL: 'off' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('is limited per user: 30 detections per 10 minutes', async () => {
    const [first, second] = [await gw.userSession('USER'), await gw.userSession('USER')];
    // A known provider: answered without any network, so only the limit is measured.
    const detect = async (cookie: string) => {
      const res = await gw.request(
        '{ detectProvider(email: "someone@gmail.com") { provider } }',
        {},
        { cookie },
      );
      return res.errors?.[0]?.extensions?.code ?? res.data?.detectProvider.provider;
    };
    const outcomes = [];
    for (let i = 0; i < 31; i++) outcomes.push(await detect(first.cookie));
    expect(outcomes.slice(0, 30).every((o) => o === 'GMAIL')).toBe(true);
    expect(outcomes[30]).toBe('RATE_LIMITED');
    expect(await detect(second.cookie)).toBe('GMAIL');
  });
});

describeNeeding({ redis: true })('with REDIS_URL', () => {
  let replicas: TestGateway[] = [];
  beforeAll(async () => {
    const env = {
      REDIS_URL: redisUrl,
      INLET_REDIS_PREFIX: `limits-${randomUUID().slice(0, 8)}`,
      INLET_SIGNIN_ATTEMPTS_PER_ACCOUNT: '3',
    };
    replicas = [
      await startTestGateway('sqlite', { env }),
      await startTestGateway('sqlite', { env }),
    ];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
  });

  it('limits hold across gateway replicas', async () => {
    const [a, b] = replicas as [TestGateway, TestGateway];
    const email = 'shared-victim@example.com';
    const outcomes = [
      await signInFrom(a, '198.51.100.1', email, 'guess-1'),
      await signInFrom(b, '198.51.100.2', email, 'guess-2'),
      await signInFrom(a, '198.51.100.3', email, 'guess-3'),
      await signInFrom(b, '198.51.100.4', email, 'guess-4'),
    ];
    expect(outcomes).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
  });
});
