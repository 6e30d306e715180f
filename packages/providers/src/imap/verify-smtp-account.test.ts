import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../core/provider-error.js';
import type { StepReport, VetHost } from '../core/steps.js';
import { serversForFile } from '../testing/servers-for-file.js';
import { startSmtpServer } from '../testing/start-smtp-server.js';
import { startBlackhole, unusedPort } from '../testing/tcp-fixtures.js';
import { sendTestEmail, TEST_EMAIL_SUBJECT, type TestEmailInput } from './send-test-email.js';
import type { SmtpAccountInput, SmtpDeps } from './smtp-transport.js';
import { verifySmtpAccount } from './verify-smtp-account.js';

const vetLoopback: VetHost = async (host) => ({ host, address: '127.0.0.1', family: 4 });
const account = { username: 'jane@example.test', password: 'jane-smtp-password' };
const LOG_ADDRESS = 'log-123@bcc.crm.test';

let closedPort: number;

const servers = serversForFile(() => ({
  smtp: startSmtpServer({
    rejectSenders: ['boss@example.test'],
    rejectRecipients: ['blocked@bcc.crm.test'],
  }),
  selfSigned: startSmtpServer({ certificate: 'self-signed' }),
  refusing: startSmtpServer({
    connectReply: { code: 554, message: '5.7.1 Your address may not send through this server' },
  }),
  busy: startSmtpServer({
    connectReply: { code: 421, message: '4.7.0 Too many connections, try again later' },
  }),
  throttled: startSmtpServer({
    authReply: {
      code: 454,
      message: '4.7.0 Temporary authentication failure, try again later',
    },
  }),
  noStarttls: startSmtpServer({ starttls: false }),
  blackhole: startBlackhole(),
}));

beforeAll(async () => {
  closedPort = await unusedPort();
});

function deps(server: { ca: string } | undefined, extra: Partial<SmtpDeps> = {}): SmtpDeps {
  return {
    vet: vetLoopback,
    ca: server?.ca,
    timeouts: { stepMs: 5_000, totalMs: 10_000 },
    clientName: 'inlet.test',
    ...extra,
  };
}

async function verify(
  input: Partial<SmtpAccountInput> & Pick<SmtpAccountInput, 'port' | 'security'>,
  d: SmtpDeps,
) {
  const reports: StepReport[] = [];
  const result = await verifySmtpAccount({ host: 'localhost', ...account, ...input }, d, (r) =>
    reports.push(r),
  );
  return { result, reports };
}

async function send(
  input: Partial<TestEmailInput> & Pick<TestEmailInput, 'port' | 'security'>,
  d: SmtpDeps,
) {
  const reports: StepReport[] = [];
  const result = await sendTestEmail(
    { host: 'localhost', ...account, from: 'jane@example.test', to: LOG_ADDRESS, ...input },
    d,
    (r) => reports.push(r),
  );
  return { result, reports };
}

type SmtpServerName = Exclude<keyof typeof servers, 'blackhole'>;

/** Refusals verifySmtpAccount reports at the smtp step: which server, port and input, and what it says. */
const REFUSALS: {
  says: string;
  server: SmtpServerName;
  port: 'submissionPort' | 'smtpsPort';
  security: SmtpAccountInput['security'];
  input?: Partial<SmtpAccountInput>;
  expected: Partial<ProviderError>;
  detail?: string;
}[] = [
  {
    says: 'SMTP_AUTHENTICATION_FAILED (535) on the SMTP password field',
    server: 'smtp',
    port: 'submissionPort',
    security: 'STARTTLS',
    input: { password: 'wrong' },
    expected: { code: 'SMTP_AUTHENTICATION_FAILED', field: 'smtpPassword' },
    detail: '535',
  },
  {
    says: 'SMTP_REJECTED when the server refuses the connection with 554',
    server: 'refusing',
    port: 'submissionPort',
    security: 'STARTTLS',
    expected: { code: 'SMTP_REJECTED', field: 'smtpHost' },
    detail: '554',
  },
  {
    says: 'RATE_LIMITED for 421 at the greeting',
    server: 'busy',
    port: 'smtpsPort',
    security: 'SSL_TLS',
    expected: { code: 'RATE_LIMITED', retryable: true },
  },
  {
    says: 'RATE_LIMITED for 454 to AUTH',
    server: 'throttled',
    port: 'submissionPort',
    security: 'STARTTLS',
    expected: { code: 'RATE_LIMITED' },
    detail: '454',
  },
  {
    says: 'TLS_UNAVAILABLE when the submission port does not offer STARTTLS',
    server: 'noStarttls',
    port: 'submissionPort',
    security: 'STARTTLS',
    expected: { code: 'TLS_UNAVAILABLE', field: 'smtpSecurity' },
  },
  {
    says: 'PLAINTEXT_ON_TLS_PORT for the STARTTLS port checked as SSL/TLS',
    server: 'smtp',
    port: 'submissionPort',
    security: 'SSL_TLS',
    expected: { code: 'PLAINTEXT_ON_TLS_PORT', field: 'smtpSecurity' },
  },
  {
    says: 'CERTIFICATE_NAME_MISMATCH when the typed host is not on the certificate',
    server: 'smtp',
    port: 'smtpsPort',
    security: 'SSL_TLS',
    input: { host: 'smtp.example.org' },
    expected: { code: 'CERTIFICATE_NAME_MISMATCH', field: 'smtpHost' },
  },
];

function failure(result: { ok: true } | { ok: false; error: ProviderError }): ProviderError {
  if (result.ok) throw new Error('expected the check to fail');
  expect(result.error).toBeInstanceOf(ProviderError);
  return result.error;
}

describe('verifySmtpAccount', () => {
  it('signs in over implicit TLS (465-style) and reports the smtp step', async () => {
    const { result, reports } = await verify(
      { port: servers.smtp.smtpsPort, security: 'SSL_TLS' },
      deps(servers.smtp),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { address: '127.0.0.1', pinnedFingerprint: undefined },
    });
    expect(reports.map((r) => `${r.step}:${r.status}`)).toEqual(['smtp:running', 'smtp:passed']);
  });

  it('signs in over STARTTLS (587-style)', async () => {
    const { result } = await verify(
      { port: servers.smtp.submissionPort, security: 'STARTTLS' },
      deps(servers.smtp),
    );
    expect(result.ok).toBe(true);
  });

  it.each(REFUSALS)(
    'reports $says',
    async ({ server, port, security, input, expected, detail }) => {
      const { result } = await verify(
        { port: servers[server][port], security, ...input },
        deps(servers[server]),
      );
      expect(failure(result)).toMatchObject({ step: 'smtp', ...expected });
      if (detail) expect(failure(result).detail).toContain(detail);
    },
  );

  it('reports CERTIFICATE_UNTRUSTED, then pins with trustAnyCertificate, then refuses another certificate', async () => {
    const untrusted = await verify(
      { port: servers.selfSigned.smtpsPort, security: 'SSL_TLS' },
      deps(servers.selfSigned),
    );
    expect(failure(untrusted.result)).toMatchObject({
      code: 'CERTIFICATE_UNTRUSTED',
      step: 'smtp',
    });

    const trusted = await verify(
      { port: servers.selfSigned.submissionPort, security: 'STARTTLS', trustAnyCertificate: true },
      deps(undefined),
    );
    expect(trusted.result).toMatchObject({
      ok: true,
      value: { pinnedFingerprint: servers.selfSigned.certificate.fingerprint256 },
    });

    const pinned = await verify(
      {
        port: servers.selfSigned.smtpsPort,
        security: 'SSL_TLS',
        pinnedFingerprint: servers.selfSigned.certificate.fingerprint256,
      },
      deps(undefined),
    );
    expect(pinned.result.ok).toBe(true);

    const other = await verify(
      {
        port: servers.smtp.smtpsPort,
        security: 'SSL_TLS',
        pinnedFingerprint: servers.selfSigned.certificate.fingerprint256,
      },
      deps(servers.smtp),
    );
    expect(failure(other.result)).toMatchObject({ code: 'CERTIFICATE_CHANGED', step: 'smtp' });
    expect(failure(other.result).detail).toContain(servers.smtp.certificate.fingerprint256);
  });

  it('reports CONNECTION_REFUSED, CONNECTION_TIMEOUT and HOST_NOT_FOUND on the SMTP fields', async () => {
    const refused = await verify({ port: closedPort, security: 'SSL_TLS' }, deps(servers.smtp));
    expect(failure(refused.result)).toMatchObject({
      code: 'CONNECTION_REFUSED',
      step: 'smtp',
      field: 'smtpPort',
    });

    const timeout = await verify(
      { port: servers.blackhole.port, security: 'STARTTLS' },
      deps(servers.smtp, { timeouts: { stepMs: 300 } }),
    );
    expect(failure(timeout.result)).toMatchObject({
      code: 'CONNECTION_TIMEOUT',
      step: 'smtp',
      field: 'smtpHost',
    });

    const vet: VetHost = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const unknown = await verify(
      { host: 'smtp.nowhere.invalid', port: 465, security: 'SSL_TLS' },
      deps(servers.smtp, { vet }),
    );
    expect(failure(unknown.result)).toMatchObject({
      code: 'HOST_NOT_FOUND',
      step: 'smtp',
      field: 'smtpHost',
    });
  });
});

describe('sendTestEmail', () => {
  it('sends the test message to the logging address, from the account, over TLS', async () => {
    const { result, reports } = await send(
      { port: servers.smtp.submissionPort, security: 'STARTTLS' },
      deps(servers.smtp),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(reports.map((r) => `${r.step}:${r.status}`)).toEqual([
      'test-email:running',
      'test-email:passed',
    ]);
    const received = servers.smtp.messages.find(
      (m) => m.parsed.messageId === result.value.messageId,
    );
    expect(received).toMatchObject({
      user: 'jane@example.test',
      secure: true,
      envelope: { from: 'jane@example.test', to: [LOG_ADDRESS] },
    });
    expect(received?.parsed.subject).toBe(TEST_EMAIL_SUBJECT);
    expect(received?.parsed.from?.value[0]?.address).toBe('jane@example.test');
    expect(result.value.messageId).toMatch(/^<inlet-test-[0-9a-f-]+@example\.test>$/);
    expect(result.value.response).toMatch(/^250 /);
  });

  it('sends through a pinned self-signed server', async () => {
    const { result } = await send(
      {
        port: servers.selfSigned.smtpsPort,
        security: 'SSL_TLS',
        pinnedFingerprint: servers.selfSigned.certificate.fingerprint256,
      },
      deps(undefined),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { pinnedFingerprint: servers.selfSigned.certificate.fingerprint256 },
    });
    expect(servers.selfSigned.messages).toHaveLength(1);
  });

  it.each([
    {
      says: 'TEST_EMAIL_FAILED with the server reply when the logging address is refused',
      input: { to: 'blocked@bcc.crm.test' },
      expected: { code: 'TEST_EMAIL_FAILED', field: null },
      detail: /550 .*User unknown/,
    },
    {
      says: 'TEST_EMAIL_FAILED when the server refuses the sender',
      input: { from: 'boss@example.test' },
      expected: { code: 'TEST_EMAIL_FAILED' },
      detail: /553/,
    },
    {
      says: 'SMTP_AUTHENTICATION_FAILED at the test-email step when the login fails',
      input: { password: 'wrong' },
      expected: { code: 'SMTP_AUTHENTICATION_FAILED', field: 'smtpPassword' },
    },
  ])('reports $says', async ({ input, expected, detail }) => {
    const { result } = await send(
      { port: servers.smtp.smtpsPort, security: 'SSL_TLS', ...input },
      deps(servers.smtp),
    );
    expect(failure(result)).toMatchObject({ step: 'test-email', ...expected });
    if (detail) expect(failure(result).detail).toMatch(detail);
  });
});
