import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../core/provider-error.js';
import { startBlackhole, unusedPort } from '../testing/tcp-fixtures.js';
import {
  startCourierResponder,
  startImapResponder,
  startLegacyTlsResponder,
  startLoginDisabledResponder,
  startNoStarttlsResponder,
  startPlaintextResponder,
  startThrottlingResponder,
} from '../testing/imap-responder.js';
import { serversForFile } from '../testing/servers-for-file.js';
import { startDovecot } from '../testing/start-dovecot.js';
import { WRONG_CERTIFICATE_NAME } from '../testing/test-certificates.js';
import type { StepReport, VetHost } from '../core/steps.js';
import {
  IMAP_STEPS,
  verifyImapAccount,
  type ImapAccountInput,
  type ImapVerifyDeps,
} from './verify-imap-account.js';

// Every host name "resolves" to the loopback test servers; the real SSRF guard is tested where it lives.
const vetLoopback: VetHost = async (host) => ({ host, address: '127.0.0.1', family: 4 });

let closedPort: number;
const user = { username: 'jane@example.test', password: 'jane-password' };

const servers = serversForFile(() => ({
  dovecot: startDovecot(), // trusted certificate, SPECIAL-USE folders
  selfSigned: startDovecot({
    certificate: 'self-signed',
    specialUse: false,
    folders: ['Sent Items', 'Projects'],
  }),
  wrongName: startDovecot({ certificate: 'wrong-name' }), // issued for mail.example.net by the test CA
  authFailures: startDovecot(), // own instance: Dovecot slows repeated failed logins per IP
  courierTls: startCourierResponder({ transport: 'tls' }),
  courierPlain: startCourierResponder({ transport: 'plain' }),
  courierDebian: startCourierResponder({ transport: 'plain', certificate: 'self-signed' }),
  plaintext: startPlaintextResponder(),
  noStarttls: startNoStarttlsResponder(),
  legacyTls: startLegacyTlsResponder(),
  loginDisabled: startLoginDisabledResponder(),
  throttling: startThrottlingResponder(),
  expired: startImapResponder({
    transport: 'tls',
    certificate: 'expired',
    greeting: '* OK [CAPABILITY IMAP4rev1] ready',
    capabilities: 'IMAP4rev1',
  }),
  blackhole: startBlackhole(),
  // Lets anyone in (then refuses LIST); lists IDLE only after login, as many servers do.
  idleAfterLogin: startImapResponder({
    transport: 'tls',
    greeting: '* OK [CAPABILITY IMAP4rev1] ready',
    capabilities: 'IMAP4rev1',
    loginReply: 'OK [CAPABILITY IMAP4rev1 IDLE] Logged in',
  }),
  noIdle: startImapResponder({
    transport: 'tls',
    greeting: '* OK [CAPABILITY IMAP4rev1] ready',
    capabilities: 'IMAP4rev1',
    loginReply: 'OK [CAPABILITY IMAP4rev1] Logged in',
  }),
}));

beforeAll(async () => {
  closedPort = await unusedPort();
});

async function check(
  input: Partial<ImapAccountInput> & Pick<ImapAccountInput, 'port' | 'security'>,
  deps: Partial<ImapVerifyDeps> = {},
) {
  const reports: StepReport[] = [];
  const result = await verifyImapAccount(
    { host: 'localhost', ...user, ...input },
    {
      vet: vetLoopback,
      ca: servers.dovecot.ca,
      timeouts: { stepMs: 5_000, totalMs: 20_000 },
      ...deps,
    },
    (r) => reports.push(r),
  );
  const final = (step: string) => reports.filter((r) => r.step === step).at(-1)?.status;
  return { result, reports, final };
}

function failure(result: Awaited<ReturnType<typeof verifyImapAccount>>): ProviderError {
  if (result.ok) throw new Error('expected the check to fail');
  expect(result.error).toBeInstanceOf(ProviderError);
  return result.error;
}

describe('verifyImapAccount against Dovecot', () => {
  it('passes every step over implicit TLS and finds Sent by SPECIAL-USE', async () => {
    const { result, reports } = await check(
      { port: servers.dovecot.imapsPort, security: 'SSL_TLS' },
      { ca: servers.dovecot.ca },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(reports.map((r) => `${r.step}:${r.status}`)).toEqual(
      IMAP_STEPS.flatMap((s) => [`${s}:running`, `${s}:passed`]),
    );
    expect(result.value.address).toBe('127.0.0.1');
    expect(result.value.tls.certificate.trusted).toBe(true);
    expect(result.value.pinnedFingerprint).toBeUndefined();
    expect(result.value.server.greeting).toContain('Dovecot');
    expect(result.value.folders).toMatchObject({
      inbox: 'INBOX',
      sent: { path: 'Sent', source: 'special-use' },
      listed: true,
    });
  });

  it('passes over STARTTLS', async () => {
    const { result } = await check(
      { port: servers.dovecot.imapPort, security: 'STARTTLS' },
      { ca: servers.dovecot.ca },
    );
    expect(result.ok && result.value.folders.sent).toEqual({ path: 'Sent', source: 'special-use' });
  });

  it('reports PLAINTEXT_ON_TLS_PORT for the STARTTLS port checked as SSL/TLS', async () => {
    const { result, final } = await check({ port: servers.dovecot.imapPort, security: 'SSL_TLS' });
    expect(failure(result)).toMatchObject({
      code: 'PLAINTEXT_ON_TLS_PORT',
      step: 'tls',
      field: 'imapSecurity',
    });
    expect(final('greeting')).toBe('skipped');
  });

  it('reports CERTIFICATE_UNTRUSTED for a self-signed certificate, and skips the later steps', async () => {
    const { result, final } = await check(
      { port: servers.selfSigned.imapsPort, security: 'SSL_TLS' },
      { ca: servers.selfSigned.ca },
    );
    expect(failure(result)).toMatchObject({
      code: 'CERTIFICATE_UNTRUSTED',
      step: 'tls',
      field: 'trustAnyCertificate',
    });
    expect(failure(result).detail).toMatch(/self-signed/);
    expect(['greeting', 'login', 'folders'].map(final)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('accepts the self-signed certificate with trustAnyCertificate, returns its fingerprint, finds Sent by name', async () => {
    const { result } = await check({
      port: servers.selfSigned.imapsPort,
      security: 'SSL_TLS',
      trustAnyCertificate: true,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.pinnedFingerprint).toBe(servers.selfSigned.certificate.fingerprint256);
    expect(result.value.tls.certificate).toMatchObject({
      trusted: false,
      untrustedReason: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(result.value.server.capabilities).not.toContain('SPECIAL-USE');
    expect(result.value.folders.sent).toEqual({ path: 'Sent Items', source: 'name' });
  });

  it('connects again with the pinned fingerprint (STARTTLS), and refuses a different certificate', async () => {
    const pinned = servers.selfSigned.certificate.fingerprint256;
    const again = await check({
      port: servers.selfSigned.imapPort,
      security: 'STARTTLS',
      pinnedFingerprint: pinned,
    });
    expect(again.result.ok).toBe(true);

    // Same pin, another server's certificate (trusted by the CA, but not the pinned one).
    const other = await check(
      { port: servers.dovecot.imapsPort, security: 'SSL_TLS', pinnedFingerprint: pinned },
      { ca: servers.dovecot.ca },
    );
    expect(failure(other.result)).toMatchObject({ code: 'CERTIFICATE_CHANGED', step: 'tls' });
    expect(failure(other.result).detail).toContain(servers.dovecot.certificate.fingerprint256);
    expect(failure(other.result).detail).toContain(pinned);
    // Both fingerprints also as data, for the console to show side by side.
    expect(failure(other.result).certificate).toEqual({
      trustedFingerprint: pinned,
      presentedFingerprint: servers.dovecot.certificate.fingerprint256,
    });
  });

  it('does not pin a certificate that verifies anyway, even with trustAnyCertificate', async () => {
    const { result } = await check(
      { port: servers.dovecot.imapsPort, security: 'SSL_TLS', trustAnyCertificate: true },
      { ca: servers.dovecot.ca },
    );
    expect(result).toMatchObject({
      ok: true,
      value: { pinnedFingerprint: undefined, tls: { certificate: { trusted: true } } },
    });
  });

  it('reports CERTIFICATE_NAME_MISMATCH for a certificate issued for another name', async () => {
    const { result } = await check(
      { port: servers.wrongName.imapsPort, security: 'SSL_TLS' },
      { ca: servers.wrongName.ca },
    );
    expect(failure(result)).toMatchObject({
      code: 'CERTIFICATE_NAME_MISMATCH',
      step: 'tls',
      field: 'imapHost',
      suggestion: WRONG_CERTIFICATE_NAME,
    });
    expect(failure(result).detail).toContain(WRONG_CERTIFICATE_NAME);
  });

  it('reports CERTIFICATE_NAME_MISMATCH when the typed host is not on the certificate', async () => {
    const { result } = await check(
      { host: 'imap.example.org', port: servers.dovecot.imapsPort, security: 'SSL_TLS' },
      { ca: servers.dovecot.ca },
    );
    expect(failure(result)).toMatchObject({ code: 'CERTIFICATE_NAME_MISMATCH', step: 'tls' });
  });

  it('reports AUTHENTICATION_FAILED for a wrong password', async () => {
    const { result, final } = await check(
      { port: servers.authFailures.imapsPort, security: 'SSL_TLS', password: 'wrong' },
      { ca: servers.authFailures.ca },
    );
    expect(failure(result)).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      step: 'login',
      field: 'password',
    });
    expect(final('folders')).toBe('skipped');
  });
});

describe('verifyImapAccount against small responders', () => {
  // Courier-IMAP, a STARTTLS-less port, TLS 1.1-only, LOGINDISABLED and [UNAVAILABLE] cannot be produced
  // by the local Dovecot (or not without changing it for every other test), hence these responders.

  it('reports CERTIFICATE_EXPIRED with the date it expired, with or without "Trust any certificate"', async () => {
    const expired = servers.expired;
    const { result } = await check({ port: expired.port, security: 'SSL_TLS' }, { ca: expired.ca });
    expect(failure(result)).toMatchObject({ code: 'CERTIFICATE_EXPIRED', step: 'tls' });
    expect(failure(result).detail).toMatch(/^The certificate expired on .*2020 GMT\.$/);

    const trustAny = await check(
      { port: expired.port, security: 'SSL_TLS', trustAnyCertificate: true },
      { ca: expired.ca },
    );
    expect(failure(trustAny.result)).toMatchObject({
      code: 'CERTIFICATE_EXPIRED',
      step: 'tls',
      detail: failure(result).detail,
    });
    expect(trustAny.final('login')).toBe('skipped');
  });

  it('reports UNSUPPORTED_SERVER_COURIER from the greeting (implicit TLS) without sending credentials', async () => {
    const courier = servers.courierTls;
    const { result } = await check({ port: courier.port, security: 'SSL_TLS' }, { ca: courier.ca });
    expect(failure(result)).toMatchObject({ code: 'UNSUPPORTED_SERVER_COURIER', step: 'greeting' });
    expect(courier.commands.map((c) => c.command)).not.toContain('LOGIN');
  });

  it('reports UNSUPPORTED_SERVER_COURIER on a STARTTLS port from the plaintext greeting, before STARTTLS', async () => {
    const courier = servers.courierPlain;
    const { result, final } = await check(
      { port: courier.port, security: 'STARTTLS' },
      { ca: courier.ca },
    );
    expect(failure(result)).toMatchObject({ code: 'UNSUPPORTED_SERVER_COURIER', step: 'tls' });
    expect(final('greeting')).toBe('skipped');
    expect(courier.commands).toEqual([]);
  });

  it('reports UNSUPPORTED_SERVER_COURIER, not the certificate, for Courier with its self-signed certificate on a STARTTLS port', async () => {
    const courier = servers.courierDebian;
    const { result } = await check(
      { port: courier.port, security: 'STARTTLS' },
      { ca: courier.ca },
    );
    expect(failure(result)).toMatchObject({ code: 'UNSUPPORTED_SERVER_COURIER', step: 'tls' });
    expect(failure(result).detail).toContain('Courier-IMAP ready');
    expect(courier.commands).toEqual([]);
  });

  it('reports PLAINTEXT_ON_TLS_PORT when a "TLS" port answers in clear text', async () => {
    const plain = servers.plaintext;
    const { result } = await check({ port: plain.port, security: 'SSL_TLS' }, { ca: plain.ca });
    expect(failure(result)).toMatchObject({ code: 'PLAINTEXT_ON_TLS_PORT', step: 'tls' });
    expect(failure(result).detail).toContain('IMAP greeting');
  });

  it('reports TLS_UNAVAILABLE when a STARTTLS port does not offer STARTTLS, and never sends LOGIN', async () => {
    const noTls = servers.noStarttls;
    const { result } = await check({ port: noTls.port, security: 'STARTTLS' }, { ca: noTls.ca });
    expect(failure(result)).toMatchObject({
      code: 'TLS_UNAVAILABLE',
      step: 'tls',
      field: 'imapSecurity',
    });
    expect(noTls.commands).toEqual([]); // the greeting listed the capabilities: nothing was sent at all
  });

  it('reports TLS_VERSION_UNSUPPORTED for a TLS 1.1-only server, and gets through with the legacy opt-in', async () => {
    const legacy = servers.legacyTls;
    const { result } = await check({ port: legacy.port, security: 'SSL_TLS' }, { ca: legacy.ca });
    expect(failure(result)).toMatchObject({ code: 'TLS_VERSION_UNSUPPORTED', step: 'tls' });

    const optIn = await check(
      { port: legacy.port, security: 'SSL_TLS', allowLegacyTls: true },
      { ca: legacy.ca },
    );
    expect(optIn.final('tls')).toBe('passed');
    expect(optIn.reports.find((r) => r.step === 'tls' && r.status === 'passed')?.detail).toMatch(
      /^TLSv1\.1/,
    );
  });

  it('reports IMAP_DISABLED when password logins are disabled over TLS (LOGINDISABLED), before sending the password', async () => {
    const disabled = servers.loginDisabled;
    const { result } = await check(
      { port: disabled.port, security: 'SSL_TLS' },
      { ca: disabled.ca },
    );
    expect(failure(result)).toMatchObject({ code: 'IMAP_DISABLED', step: 'login' });
    expect(
      disabled.commands.some((c) => c.command === 'LOGIN' || c.command === 'AUTHENTICATE'),
    ).toBe(false);
  });

  it('judges IDLE from the capabilities after login, not from the greeting', async () => {
    const detail = (reports: StepReport[], step: string) =>
      reports.find((r) => r.step === step && r.status === 'passed')?.detail;
    const idle = await check(
      { port: servers.idleAfterLogin.port, security: 'SSL_TLS' },
      { ca: servers.idleAfterLogin.ca },
    );
    expect(idle.result.ok).toBe(true);
    expect(detail(idle.reports, 'greeting')).not.toMatch(/IDLE/);
    expect(detail(idle.reports, 'login')).not.toMatch(/IDLE/);

    const none = await check(
      { port: servers.noIdle.port, security: 'SSL_TLS' },
      { ca: servers.noIdle.ca },
    );
    expect(detail(none.reports, 'login')).toMatch(/does not offer IDLE.*polling/);
  });

  it('reports RATE_LIMITED for NO [UNAVAILABLE] to the login', async () => {
    const throttling = servers.throttling;
    const { result } = await check(
      { port: throttling.port, security: 'SSL_TLS' },
      { ca: throttling.ca },
    );
    expect(failure(result)).toMatchObject({ code: 'RATE_LIMITED', step: 'login', retryable: true });
    expect(failure(result).detail).toContain('UNAVAILABLE');
  });
});

describe('verifyImapAccount network failures', () => {
  it('reports CONNECTION_REFUSED when nothing listens', async () => {
    const { result, final } = await check({ port: closedPort, security: 'SSL_TLS' });
    expect(failure(result)).toMatchObject({
      code: 'CONNECTION_REFUSED',
      step: 'tcp',
      field: 'imapPort',
    });
    expect(final('tls')).toBe('skipped');
  });

  it('reports CONNECTION_TIMEOUT when the server never answers the TLS handshake', async () => {
    const { result } = await check(
      { port: servers.blackhole.port, security: 'SSL_TLS' },
      { timeouts: { stepMs: 300 } },
    );
    expect(failure(result)).toMatchObject({
      code: 'CONNECTION_TIMEOUT',
      step: 'tls',
      retryable: true,
    });
  });

  it('reports CONNECTION_TIMEOUT when a STARTTLS port never greets, bounded by the total budget', async () => {
    const { result } = await check(
      { port: servers.blackhole.port, security: 'STARTTLS' },
      { timeouts: { stepMs: 10_000, totalMs: 300 } },
    );
    expect(failure(result)).toMatchObject({ code: 'CONNECTION_TIMEOUT', step: 'tls' });
    expect(failure(result).detail).toContain('choose SSL/TLS');
  });

  it('reports HOST_NOT_FOUND when the name does not resolve', async () => {
    const vet: VetHost = async (host) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
        code: 'ENOTFOUND',
        hostname: host,
      });
    };
    const { result, final } = await check(
      { host: 'imap.nowhere.invalid', port: 993, security: 'SSL_TLS' },
      { vet },
    );
    expect(failure(result)).toMatchObject({
      code: 'HOST_NOT_FOUND',
      step: 'vet',
      field: 'imapHost',
    });
    expect(final('tcp')).toBe('skipped');
  });

  it('keeps the code of a refusal from the vetting function', async () => {
    const vet: VetHost = async () => {
      throw new ProviderError('HOST_NOT_ALLOWED', {
        step: 'dns',
        detail: '10.0.0.5 is a private address.',
      });
    };
    const { result } = await check(
      { host: 'intranet.example.com', port: 993, security: 'SSL_TLS' },
      { vet },
    );
    expect(failure(result)).toMatchObject({
      code: 'HOST_NOT_ALLOWED',
      step: 'vet',
      detail: '10.0.0.5 is a private address.',
    });
  });

  it('is not broken by a listener that throws', async () => {
    const result = await verifyImapAccount(
      { host: 'localhost', port: closedPort, security: 'SSL_TLS', ...user },
      { vet: vetLoopback },
      () => {
        throw new Error('listener bug');
      },
    );
    expect(failure(result).code).toBe('CONNECTION_REFUSED');
  });
});
