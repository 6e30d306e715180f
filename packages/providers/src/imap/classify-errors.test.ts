import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './classify-smtp-error.js';
import { classifyImapError } from './classify-imap-error.js';

// Mappings the real-server tests cannot all reach; classification reads structured fields only.
const imap = (err: object, step: 'login' | 'tls' = 'login') =>
  classifyImapError(err, { step, host: 'imap.example.com', security: 'SSL_TLS' }).code;
const smtp = (err: object, step: 'smtp' | 'test-email' = 'smtp') =>
  classifySmtpError(err, { step, host: 'smtp.example.com', security: 'STARTTLS' }).code;

describe('classifyImapError', () => {
  it.each([
    [
      { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' },
      'AUTHENTICATION_FAILED',
    ],
    [{ authenticationFailed: true, serverResponseCode: 'UNAVAILABLE' }, 'RATE_LIMITED'],
    [{ authenticationFailed: true, serverResponseCode: 'LIMIT' }, 'RATE_LIMITED'],
    [{ authenticationFailed: true, serverResponseCode: 'PRIVACYREQUIRED' }, 'TLS_UNAVAILABLE'],
    [
      {
        authenticationFailed: true,
        serverResponseCode: 'ALERT',
        response: 'NO [ALERT] Please enable IMAP',
      },
      'AUTHENTICATION_FAILED',
    ],
    [{ code: 'ETHROTTLE' }, 'RATE_LIMITED'],
    [{ code: 'CONNECT_TIMEOUT' }, 'CONNECTION_TIMEOUT'],
    [{ code: 'EAI_AGAIN' }, 'HOST_NOT_FOUND'],
    [{ code: 'ECONNREFUSED' }, 'CONNECTION_REFUSED'],
    [{ code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'CERTIFICATE_UNTRUSTED'],
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'CERTIFICATE_UNTRUSTED'],
    [{ code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }, 'TLS_VERSION_UNSUPPORTED'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'PLAINTEXT_ON_TLS_PORT'],
  ])('%j -> %s', (err, code) => {
    expect(imap(err)).toBe(code);
  });

  it('never reads the message text', () => {
    expect(imap(new Error('AUTHENTICATIONFAILED self signed certificate Courier-IMAP'))).toBe(
      'CONNECTION_REFUSED',
    );
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EAUTH', responseCode: 535 }, 'smtp', 'SMTP_AUTHENTICATION_FAILED'],
    [{ code: 'EAUTH', responseCode: 534 }, 'smtp', 'SMTP_AUTHENTICATION_FAILED'],
    [{ code: 'EAUTH', responseCode: 554 }, 'smtp', 'SMTP_REJECTED'],
    [{ code: 'EAUTH', responseCode: 454 }, 'smtp', 'RATE_LIMITED'],
    [{ code: 'EENVELOPE', responseCode: 452 }, 'test-email', 'RATE_LIMITED'],
    [{ code: 'EENVELOPE', responseCode: 553 }, 'test-email', 'TEST_EMAIL_FAILED'],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'test-email', 'TEST_EMAIL_FAILED'],
    [{ code: 'EPROTOCOL', responseCode: 530 }, 'smtp', 'SMTP_REJECTED'],
    [{ code: 'ETLS', responseCode: 502 }, 'smtp', 'TLS_UNAVAILABLE'],
    [{ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }, 'smtp', 'CERTIFICATE_EXPIRED'],
    [
      { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      'smtp',
      'CERTIFICATE_NAME_MISMATCH',
    ],
    [{ code: 'ECONNECTION', originalCode: 'ECONNREFUSED' }, 'smtp', 'CONNECTION_REFUSED'],
    [{ code: 'ETIMEDOUT', originalCode: 'CONNECT_TIMEOUT' }, 'smtp', 'CONNECTION_TIMEOUT'],
    [{ code: 'EDNS', originalCode: 'ENOTFOUND' }, 'smtp', 'HOST_NOT_FOUND'],
  ] as const)('%j at %s -> %s', (err, step, code) => {
    expect(smtp(err, step)).toBe(code);
  });

  it('names clear text where TLS was expected by the security chosen, for IMAP and SMTP alike', () => {
    const plaintext = (reply: string, code?: string) =>
      Object.assign(new Error('handshake failed'), {
        plaintextReply: reply,
        ...(code ? { code } : {}),
      });
    for (const classify of [
      (err: object, security: 'SSL_TLS' | 'STARTTLS') =>
        classifyImapError(err, { step: 'tls', host: 'mail.example.com', security }),
      (err: object, security: 'SSL_TLS' | 'STARTTLS') =>
        classifySmtpError(err, { step: 'smtp', host: 'mail.example.com', security }),
    ]) {
      expect(classify(plaintext('SMTP greeting'), 'SSL_TLS')).toMatchObject({
        code: 'PLAINTEXT_ON_TLS_PORT',
        detail: expect.stringContaining('SMTP greeting'),
      });
      expect(classify(plaintext('text', 'ECONNRESET'), 'STARTTLS')).toMatchObject({
        code: 'TLS_UNAVAILABLE',
        detail: expect.stringContaining('answered STARTTLS'),
      });
      expect(classify({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'SSL_TLS').code).toBe(
        'PLAINTEXT_ON_TLS_PORT',
      );
      expect(classify({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'STARTTLS').code).toBe(
        'TLS_UNAVAILABLE',
      );
    }
  });

  it('puts SMTP failures on the SMTP fields', () => {
    const error = classifySmtpError(
      { code: 'ECONNECTION', originalCode: 'ECONNREFUSED' },
      { step: 'smtp', host: 'smtp.example.com', security: 'SSL_TLS' },
    );
    expect(error).toMatchObject({ step: 'smtp', field: 'smtpPort' });
  });
});
