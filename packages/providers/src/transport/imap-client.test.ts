import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startImapResponder,
  startNoStarttlsResponder,
  type ImapResponder,
} from '../testing/imap-responder.js';
import { WRONG_CERTIFICATE_NAME } from '../testing/test-certificates.js';
import { classifyConnectError } from '../imap/classify-sync-error.js';
import { createImapClient, type ImapClientOptions } from './imap-client.js';

const CAPABILITY = 'IMAP4rev1 ID AUTH=PLAIN';
const TIMEOUTS = { connectMs: 10_000, socketMs: 10_000 };

let trusted: ImapResponder;
let selfSigned: ImapResponder;
let noStarttls: ImapResponder;
let starttls: ImapResponder;

beforeAll(async () => {
  const tlsResponder = (certificate: 'trusted' | 'self-signed') =>
    startImapResponder({
      transport: 'tls',
      certificate,
      greeting: `* OK [CAPABILITY ${CAPABILITY}] ready.`,
      capabilities: CAPABILITY,
    });
  [trusted, selfSigned, noStarttls, starttls] = await Promise.all([
    tlsResponder('trusted'),
    tlsResponder('self-signed'),
    startNoStarttlsResponder(),
    startImapResponder({
      transport: 'plain',
      greeting: `* OK [CAPABILITY ${CAPABILITY} STARTTLS] ready.`,
      capabilities: `${CAPABILITY} STARTTLS`,
      starttls: true,
    }),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([trusted, selfSigned, noStarttls, starttls].map((r) => r?.stop()));
});

/** Connects and logs in; the responders refuse every login, so reaching LOGIN ends in AUTHENTICATIONFAILED. */
async function attempt(
  responder: ImapResponder,
  options: Partial<ImapClientOptions>,
): Promise<{ error: unknown; logins: boolean[] }> {
  const before = responder.commands.length;
  const client = createImapClient({
    host: 'localhost',
    address: responder.host,
    port: responder.port,
    security: 'SSL_TLS',
    login: { user: 'jane', password: 'secret' },
    trust: { ca: responder.ca },
    timeouts: TIMEOUTS,
    extra: { disableAutoIdle: true },
    ...options,
  });
  const error = await client.connect().then(
    () => undefined,
    (err: unknown) => err,
  );
  client.close();
  const logins = responder.commands
    .slice(before)
    .filter((c) => c.command === 'LOGIN' || c.command === 'AUTHENTICATE');
  return { error, logins: logins.map((c) => c.secure) };
}

describe('createImapClient', () => {
  it('connects to the vetted address and checks the certificate against the typed host', async () => {
    const ok = await attempt(trusted, {});
    expect(ok.error).toMatchObject({ authenticationFailed: true });
    expect(ok.logins).toEqual([true]);

    const wrongName = await attempt(trusted, { host: WRONG_CERTIFICATE_NAME });
    expect(wrongName.error).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(wrongName.logins).toEqual([]);
  });

  it('accepts exactly the pinned certificate', async () => {
    expect((await attempt(selfSigned, {})).logins).toEqual([]);
    const { cert, fingerprint256 } = selfSigned.certificate;
    const pinned = await attempt(selfSigned, {
      host: WRONG_CERTIFICATE_NAME,
      trust: { pinned: { pem: cert, fingerprint: fingerprint256 } },
    });
    expect(pinned.error).toMatchObject({ authenticationFailed: true });
    expect(pinned.logins).toEqual([true]);
    const other = await attempt(selfSigned, {
      trust: {
        pinned: { pem: trusted.certificate.cert, fingerprint: trusted.certificate.fingerprint256 },
      },
    });
    expect(other.logins).toEqual([]);
    // A sync connection reports that as the certificate having changed, at the TLS step (not "tick Trust any certificate").
    const classified = classifyConnectError(other.error, {
      host: 'localhost',
      security: 'SSL_TLS',
      pinnedFingerprint: trusted.certificate.fingerprint256,
    });
    expect(classified).toMatchObject({ code: 'CERTIFICATE_CHANGED', step: 'tls' });
    expect(classified.detail).toContain(trusted.certificate.fingerprint256);
    expect(classified.certificate).toEqual({
      trustedFingerprint: trusted.certificate.fingerprint256,
    });
  });

  it('requires STARTTLS on a STARTTLS port and logs in only over TLS', async () => {
    const upgraded = await attempt(starttls, { security: 'STARTTLS' });
    expect(upgraded.error).toMatchObject({ authenticationFailed: true });
    expect(upgraded.logins).toEqual([true]);

    const refused = await attempt(noStarttls, { security: 'STARTTLS' });
    expect(refused.error).toMatchObject({ tlsFailed: true });
    expect(refused.logins).toEqual([]);
  });

  it('refuses a host name where the vetted address belongs', () => {
    expect(() =>
      createImapClient({
        host: 'localhost',
        address: 'localhost',
        port: 993,
        security: 'SSL_TLS',
        login: { user: 'u', password: 'p' },
        timeouts: TIMEOUTS,
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INLET_NOT_VETTED' }));
  });
});
